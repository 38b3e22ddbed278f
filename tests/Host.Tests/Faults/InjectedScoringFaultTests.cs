using System.Globalization;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using RsPipeline.Host.Services;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Telemetry;
using RsPipeline.TestSupport;
using static RsPipeline.Pipeline.Telemetry.RsPipelineTelemetry;

namespace RsPipeline.Host.Tests.Faults;

/// <summary>
/// Issue 13's injected scoring fault: among concurrent callers of both APIs on the real server, the
/// batch that holds the poison query (<see cref="PoisonedScorerSource"/>) fails. Exactly that batch's
/// callers get INTERNAL with the message the server gives every internal fault; every other call,
/// queued before or after it or sent once it failed, gets the exact top-k; each request is counted
/// once; health stays SERVING; the failure is logged once, with its batch.
/// </summary>
public sealed class InjectedScoringFaultTests : IDisposable
{
    // Batches leave full (the window, the longest allowed, is far longer than a wave takes to arrive), so a wave of a multiple of BatchSize
    // calls forms whole batches; which calls share the poisoned one is read from the fault itself.
    private const int BatchSize = 4;
    private const int FirstWave = 6 * BatchSize;
    private const int SecondWave = 2 * BatchSize;
    private const int PoisonIndex = 9;
    private const int TypedTopK = 5;

    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task PoisonedBatch_FailsOnlyItsCallers_OthersAreAnswered_LoggedOnce()
    {
        PoisonedScorerSource? poisoned = null;
        await using var server = await TestServer.StartAsync(
            TestServer.Arguments(_catalog, "--Batching:Policy=FixedWindow", "--Batching:MaxBatchDelay=00:00:10", $"--Batching:MaxBatchSize={BatchSize}"),
            builder =>
            {
                builder.Logging.AddFakeLogging();
                builder.Services.Decorate<IItemScorerSource>(inner => poisoned = new PoisonedScorerSource(inner));
            });
        using var requests = new MetricCollector<long>(server.App.Services.GetRequiredService<RsPipelineTelemetry>().Meter, Instruments.Requests);
        var queries = Enumerable.Range(0, FirstWave + SecondWave)
            .Select(i => i == PoisonIndex ? PoisonedScorerSource.Poison(TestCatalog.Dimension) : TestCatalog.Query(100 + i))
            .ToArray();

        var first = await Task.WhenAll(Enumerable.Range(0, FirstWave).Select(i => CallAsync(server, i, queries[i]))).DefaultTimeout();
        var second = await Task.WhenAll(Enumerable.Range(FirstWave, SecondWave).Select(i => CallAsync(server, i, queries[i]))).DefaultTimeout();
        var failedRows = await poisoned!.FailedBatch.DefaultTimeout();
        var failed = failedRows.Select(row => Array.FindIndex(queries, q => q.SequenceEqual(row))).ToHashSet();
        var health = await server.Health.CheckAsync(new HealthCheckRequest()).ResponseAsync.DefaultTimeout();
        var counted = requests.GetMeasurementSnapshot().GroupBy(m => (string)m.Tags[Attributes.Outcome]!).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        var logs = server.App.Services.GetFakeLogCollector().GetSnapshot();

        Assert.Equal(1, poisoned.Faults);
        Assert.Equal(BatchSize, failed.Count);
        Assert.Contains(PoisonIndex, failed);
        foreach (var (index, status, ids) in first.Concat(second))
        {
            if (failed.Contains(index))
            {
                Assert.Equal(StatusCode.Internal, status.StatusCode);
                Assert.Equal(FailureStatus.InternalMessage, status.Detail);
            }
            else
            {
                Assert.Equal(StatusCode.OK, status.StatusCode);
                _catalog.AssertTopK(queries[index], ids, ids.Count);
                Assert.Equal(index % 2 == 0 ? TypedTopK : 100, ids.Count);
            }
        }

        Assert.Equal(new Dictionary<string, long> { [Outcomes.Ok] = FirstWave + SecondWave - BatchSize, [Outcomes.Of(RecallErrorKind.Internal)] = BatchSize }, counted);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var failure = Assert.Single(logs, entry => entry.Level >= LogLevel.Error);
        Assert.Equal("BatchScoringFailed", failure.Id.Name);
        Assert.Equal(PoisonedScorerSource.FaultMessage, failure.Exception?.Message);
        Assert.Equal(BatchSize.ToString(CultureInfo.InvariantCulture), failure.GetStructuredStateValue("Size"));
    }

    [Fact]
    public async Task PageWithAPoisonedUser_IsInternal_LoggedOnceWithItsBatch_AndServingGoesOn()
    {
        PoisonedScorerSource? poisoned = null;
        await using var server = await TestServer.StartAsync(
            TestServer.Arguments(_catalog),
            builder =>
            {
                builder.Logging.AddFakeLogging();
                builder.Services.Decorate<IItemScorerSource>(inner => poisoned = new PoisonedScorerSource(inner));
            });
        var page = new Recall.V1.RecallManyRequest();
        foreach (var query in new[] { TestCatalog.Query(1), PoisonedScorerSource.Poison(TestCatalog.Dimension), TestCatalog.Query(2) })
        {
            var user = new Recall.V1.RecallRequest { TopK = TypedTopK };
            user.Vector.Add(query);
            page.Users.Add(user);
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Typed.RecallManyAsync(page).ResponseAsync).DefaultTimeout();
        var after = await CallAsync(server, 0, TestCatalog.Query(3)).DefaultTimeout();
        var logs = server.App.Services.GetFakeLogCollector().GetSnapshot();

        Assert.Equal((StatusCode.Internal, FailureStatus.InternalMessage), (error.StatusCode, error.Status.Detail));
        Assert.Equal(1, poisoned!.Faults);
        Assert.Equal("BatchScoringFailed", Assert.Single(logs, entry => entry.Level >= LogLevel.Error).Id.Name);
        Assert.Equal(StatusCode.OK, after.Status.StatusCode);
        _catalog.AssertTopK(TestCatalog.Query(3), after.Ids, TypedTopK);
    }

    // Even calls use the typed API with a small top_k, odd ones the seed API (its default top-k).
    private static async Task<(int Index, Status Status, IReadOnlyList<string> Ids)> CallAsync(TestServer server, int index, float[] query)
    {
        try
        {
            if (index % 2 == 0)
            {
                var request = new Recall.V1.RecallRequest { TopK = TypedTopK };
                request.Vector.Add(query);
                var reply = await server.Typed.RecallAsync(request);
                return (index, Status.DefaultSuccess, reply.ItemIds);
            }

            var items = await server.Seed.CallRsItemsAsync(new Protos.Rs.userRequest { Vector = TestCatalog.ToText(query) });
            return (index, Status.DefaultSuccess, items.Items.Split(','));
        }
        catch (RpcException ex)
        {
            return (index, ex.Status, []);
        }
    }
}
