using System.Runtime.ExceptionServices;
using Grpc.Core;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Pipeline;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Services;

/// <summary>
/// Issue 13, defect 2: a request the pipeline refuses on the spot (overloaded), or the host refuses
/// for its limits, ends its call with the refusal's status and message, as before, but without an
/// exception thrown on the server; a RecallMany page ends at its first user refused so.
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
    public async Task RefusedPage_EndsWithTheFirstUsersRefusal_AndNothingIsThrownOnTheServer()
    {
        await using var server = await TestServer.StartAsync(
            TestServer.Arguments(_catalog),
            builder => builder.Services.Decorate<IRecallPipeline>(inner => new RefusingPipeline(inner)));

        var (error, thrown) = await CountThrownAsync(Refusal, () => Assert.ThrowsAsync<RpcException>(() => server.Typed.RecallManyAsync(Page(4)).ResponseAsync).DefaultTimeout());

        Assert.Equal((StatusCode.ResourceExhausted, "users[0]: " + Refusal), (error.StatusCode, error.Status.Detail));
        Assert.Equal(0, thrown);
    }

    [Fact]
    public async Task UserRefusedAfterOthersWereAdmitted_EndsThePageWithItsRefusal_AndTheServerGoesOn()
    {
        var refusing = (RefusingPipeline?)null;
        await using var server = await TestServer.StartAsync(
            TestServer.Arguments(_catalog),
            builder => builder.Services.Decorate<IRecallPipeline>(inner => refusing = new RefusingPipeline(inner) { AdmitFirst = 2 }));

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Typed.RecallManyAsync(Page(4)).ResponseAsync).DefaultTimeout();
        refusing!.Refuse = false;
        var reply = await server.Typed.RecallManyAsync(Page(2)).ResponseAsync.DefaultTimeout();

        Assert.Equal((StatusCode.ResourceExhausted, "users[2]: " + Refusal), (error.StatusCode, error.Status.Detail));
        Assert.Equal(3, refusing.Submitted);
        Assert.All(reply.Replies.Select((r, i) => (r, i)), x => _catalog.AssertTopK(TestCatalog.Query(x.i), x.r.ItemIds, 3));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RequestBeyondTheHostsLimits_IsInvalidArgument_AndNothingIsThrownOnTheServer(bool page)
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog));
        var tooMany = (uint)TestServer.MaxTopK + 1;
        var message = RecallLimits.TopKTooLarge(tooMany, TestServer.MaxTopK);
        var request = Page(3);
        request.Users[1].TopK = tooMany;

        var (error, thrown) = await CountThrownAsync(message, () => Assert.ThrowsAsync<RpcException>(() => page
            ? server.Typed.RecallManyAsync(request).ResponseAsync
            : server.Typed.RecallAsync(request.Users[1]).ResponseAsync).DefaultTimeout());

        Assert.Equal((StatusCode.InvalidArgument, (page ? "users[1]: " : string.Empty) + message), (error.StatusCode, error.Status.Detail));
        Assert.Equal(0, thrown);
    }

    private static Recall.V1.RecallManyRequest Page(int users)
    {
        var page = new Recall.V1.RecallManyRequest();
        for (var i = 0; i < users; i++)
        {
            var user = new Recall.V1.RecallRequest { TopK = 3 };
            user.Vector.Add(TestCatalog.Query(i));
            page.Users.Add(user);
        }

        return page;
    }

    // How many RecallExceptions whose message ends with marker were thrown (first chance) while act ran.
    private static async Task<(T Result, int Thrown)> CountThrownAsync<T>(string marker, Func<Task<T>> act)
    {
        var thrown = 0;
        void Count(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (e.Exception is RecallException && e.Exception.Message.EndsWith(marker, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref thrown);
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            var result = await act();
            return (result, Volatile.Read(ref thrown));
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }
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
        private int _submitted;

        public bool Refuse { get => _refuse; set => _refuse = value; }

        /// <summary>How many submissions go through before the refusals begin.</summary>
        public int AdmitFirst { get; init; }

        public int Submitted => Volatile.Read(ref _submitted);

        public event Action<PipelineState>? StateChanged
        {
            add => inner.StateChanged += value;
            remove => inner.StateChanged -= value;
        }

        public string CatalogVersion => inner.CatalogVersion;

        public int Dimension => inner.Dimension;

        public PipelineState State => inner.State;

        public Task<RecallResult> SubmitAsync(RecallRequest request) => Refuse && Interlocked.Increment(ref _submitted) > AdmitFirst
            ? Task.FromException<RecallResult>(new RecallException(RecallErrorKind.Overloaded, Refusal))
            : inner.SubmitAsync(request);
    }
}
