using System.Runtime.ExceptionServices;
using Grpc.Core;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Pipeline;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Services;

/// <summary>
/// Issue 13, defect 2: a request the pipeline refuses on the spot (overloaded) ends its call with
/// the refusal's status and message, as before, but without an exception thrown on the server.
/// </summary>
public sealed class ImmediateRefusalTests : IDisposable
{
    private const string Refusal = "overloaded: 4096 requests already waiting; retry later (ImmediateRefusalTests)";

    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task OverloadRefusals_ReachBothApisWithTheirStatusAndMessage_AndNothingIsThrownOnTheServer()
    {
        await using var server = await TestServer.StartAsync(
            TestServer.Arguments(_catalog),
            builder => builder.Services.Decorate<IRecallPipeline>(inner => new RefusingPipeline(inner)));
        var thrown = 0;
        void Count(object? sender, FirstChanceExceptionEventArgs e)
        {
            // RecallException lives on the server only; the marker keeps other tests' refusals out.
            if (e.Exception is RecallException && e.Exception.Message == Refusal)
            {
                Interlocked.Increment(ref thrown);
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var seed = await Assert.ThrowsAsync<RpcException>(() => server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(i)) }).ResponseAsync).DefaultTimeout();
                var typed = new Recall.V1.RecallRequest { TopK = 3 };
                typed.Vector.Add(TestCatalog.Query(i));
                var recall = await Assert.ThrowsAsync<RpcException>(() => server.Typed.RecallAsync(typed).ResponseAsync).DefaultTimeout();

                Assert.Equal((StatusCode.ResourceExhausted, Refusal), (seed.StatusCode, seed.Status.Detail));
                Assert.Equal((StatusCode.ResourceExhausted, Refusal), (recall.StatusCode, recall.Status.Detail));
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.Equal(0, Volatile.Read(ref thrown));
    }

    [Fact]
    public async Task AfterARefusal_TheNextCallIsAnswered()
    {
        var refusing = (RefusingPipeline?)null;
        await using var server = await TestServer.StartAsync(
            TestServer.Arguments(_catalog),
            builder => builder.Services.Decorate<IRecallPipeline>(inner => refusing = new RefusingPipeline(inner)));
        var query = TestCatalog.Query(7);

        await Assert.ThrowsAsync<RpcException>(() => server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) }).ResponseAsync).DefaultTimeout();
        refusing!.Refuse = false;
        var reply = await server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) }).ResponseAsync.DefaultTimeout();

        _catalog.AssertTopK(query, reply.Items.Split(','), 100);
    }

    // Refuses as the pipeline does when it is full: a task already faulted, nothing thrown.
    private sealed class RefusingPipeline(IRecallPipeline inner) : IRecallPipeline
    {
        private volatile bool _refuse = true;

        public bool Refuse { get => _refuse; set => _refuse = value; }

        public event Action<PipelineState>? StateChanged
        {
            add => inner.StateChanged += value;
            remove => inner.StateChanged -= value;
        }

        public string CatalogVersion => inner.CatalogVersion;

        public int Dimension => inner.Dimension;

        public PipelineState State => inner.State;

        public Task<RecallResult> SubmitAsync(RecallRequest request) => Refuse
            ? Task.FromException<RecallResult>(new RecallException(RecallErrorKind.Overloaded, Refusal))
            : inner.SubmitAsync(request);
    }
}
