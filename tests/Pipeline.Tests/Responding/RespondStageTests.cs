using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Responding;
using RsPipeline.Pipeline.Telemetry;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Responding;

/// <summary>The reply from a request's candidates: exclusions (linear scan and set), k, scores beside their ids, and failures.</summary>
public sealed class RespondStageTests : IDisposable
{
    private static readonly ItemCatalog Catalog = TestCatalogs.Gaussian(40, 4, seed: 9);

    private readonly RsPipelineTelemetry _telemetry = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _telemetry.Dispose();

    private RecallWorkItem Scored(int topK, IReadOnlyCollection<string> excluded, int candidates, bool includeScores = false, long admitted = 0)
    {
        var admission = new Admission(10, new RecallInstrumentation(_telemetry, _time), new FakeLogger());
        Assert.True(admission.TryEnter());
        var item = new RecallWorkItem(new RecallRequest { Features = new float[4], ExcludedItemIds = excluded, IncludeScores = includeScores }, topK, admitted, long.MaxValue, admission);

        // Candidates best first: rows 0, 1, 2, … with falling scores.
        item.Candidates = new ScoredCandidates(Enumerable.Range(0, candidates).ToArray(), Enumerable.Range(0, candidates).Select(i => 100f - i).ToArray(), Catalog);
        return item;
    }

    private static string[] Ids(params int[] rows) => rows.Select(r => Catalog.ItemIds[r]).ToArray();

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(12)]
    public void Exclusions_AroundTheSetThreshold_AreLeftOut_AndKRemain(int exclusions)
    {
        // Every other row from 1 on is excluded: rows 1, 3, 5, …
        var excluded = Enumerable.Range(0, exclusions).Select(i => Catalog.ItemIds[(2 * i) + 1]).ToArray();
        var item = Scored(topK: 5, excluded, candidates: 5 + exclusions, includeScores: true);

        var result = ResponseBuilder.Build(item);

        Assert.Equal(Ids(0, 2, 4, 6, 8), result.ItemIds);
        Assert.Equal([100f, 98f, 96f, 94f, 92f], result.Scores);
        Assert.Equal(Catalog.Version, result.CatalogVersion);
    }

    [Fact]
    public void ExclusionsGivenAsASet_AreUsedAsGiven()
    {
        var excluded = new HashSet<string>(Ids(0, 1, 2, 3, 4, 5, 6, 7, 8).Select(id => id.ToUpperInvariant()), StringComparer.OrdinalIgnoreCase);
        var item = Scored(topK: 2, excluded, candidates: 11);

        var result = ResponseBuilder.Build(item);

        Assert.Equal(Ids(9, 10), result.ItemIds);
    }

    [Fact]
    public void ExclusionsInAList_CompareOrdinally()
    {
        var item = Scored(topK: 2, [Catalog.ItemIds[0].ToUpperInvariant()], candidates: 3);

        var result = ResponseBuilder.Build(item);

        Assert.Equal(Ids(0, 1), result.ItemIds);
    }

    [Fact]
    public void ExclusionsInASetBuiltHere_CompareOrdinally()
    {
        var excluded = Enumerable.Range(0, 9).Select(i => Catalog.ItemIds[i].ToUpperInvariant()).Append(Catalog.ItemIds[0]).ToArray();
        var item = Scored(topK: 2, excluded, candidates: 12);

        var result = ResponseBuilder.Build(item);

        Assert.Equal(Ids(1, 2), result.ItemIds);
    }

    [Fact]
    public void FewerCandidatesThanK_GiveWhatThereIs()
    {
        var item = Scored(topK: 5, [Catalog.ItemIds[1]], candidates: 3);

        var result = ResponseBuilder.Build(item);

        Assert.Equal(Ids(0, 2), result.ItemIds);
        Assert.Null(result.Scores);
    }

    [Fact]
    public void MoreCandidatesThanK_AndNoExclusions_GiveExactlyK()
    {
        var item = Scored(topK: 3, [], candidates: 10, includeScores: true);

        var result = ResponseBuilder.Build(item);

        Assert.Equal(Ids(0, 1, 2), result.ItemIds);
        Assert.Equal([100f, 99f, 98f], result.Scores);
    }

    [Fact]
    public async Task AScoredRequest_IsAnswered_AfterItLeftTheGraph()
    {
        var stage = new RespondStage(2, 4, new RequestOverheadModel(), _time, new FakeLogger());
        var item = Scored(topK: 2, [], candidates: 2);
        item.RentVector(4);

        Assert.True(stage.Post(item));
        var result = await item.Task.DefaultTimeout();

        Assert.Equal(Ids(0, 1), result.ItemIds);
        Assert.Null(item.Vector);
        stage.Complete();
        await stage.Completion.DefaultTimeout();
        Assert.False(stage.Post(Scored(topK: 1, [], candidates: 1)));
    }

    [Fact]
    public async Task AnAnsweredRequest_ReportsItsTimeOutsideQueueAndInference_ToTheOverheadModel()
    {
        var overhead = new RequestOverheadModel();
        var stage = new RespondStage(1, 4, overhead, _time, new FakeLogger());
        var start = _time.GetTimestamp();
        var item = Scored(topK: 1, [], candidates: 1, admitted: start);

        // Parsed 2 ms after admission; its batch scored from 2 ms to 10 ms; answered at 13 ms: 2 + 3 = 5 ms outside.
        item.ParsedTimestamp = start + Ms(2);
        item.Inference = new BatchInference(1, 1, start + Ms(2)) { EndedTimestamp = start + Ms(10) };
        _time.Advance(TimeSpan.FromMilliseconds(13));

        stage.Post(item);
        await item.Task.DefaultTimeout();

        Assert.Equal(TimeSpan.FromMilliseconds(5), overhead.Current);
    }

    [Theory]
    [InlineData(5, 8)]
    [InlineData(11, 5)]
    public async Task ABatchSlowerThanPredicted_AddsItsOverrun_AFasterOneNothing(int predictedMs, int expectedMs)
    {
        var overhead = new RequestOverheadModel();
        var stage = new RespondStage(1, 4, overhead, _time, new FakeLogger());
        var start = _time.GetTimestamp();
        var item = Scored(topK: 1, [], candidates: 1, admitted: start);

        // As above (2 ms parsing, 3 ms answering), with 8 ms of scoring against a prediction: 5 ms predicted adds 3 ms.
        item.ParsedTimestamp = start + Ms(2);
        item.Inference = new BatchInference(1, 1, start + Ms(2)) { EndedTimestamp = start + Ms(10), Predicted = TimeSpan.FromMilliseconds(predictedMs) };
        _time.Advance(TimeSpan.FromMilliseconds(13));

        stage.Post(item);
        await item.Task.DefaultTimeout();

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), overhead.Current);
    }

    [Fact]
    public async Task ARequestWhoseBatchNeverEnded_TeachesTheOverheadModelNothing()
    {
        var overhead = new RequestOverheadModel();
        var stage = new RespondStage(1, 4, overhead, _time, new FakeLogger());
        var item = Scored(topK: 1, [], candidates: 1);
        item.Inference = new BatchInference(1, 1, _time.GetTimestamp());

        stage.Post(item);
        await item.Task.DefaultTimeout();

        Assert.Equal(TimeSpan.Zero, overhead.Current);
    }

    private long Ms(int milliseconds) => milliseconds * _time.TimestampFrequency / 1_000;

    [Fact]
    public async Task AnUnscoredRequest_FailsAsInternal_IsLogged_AndTheStageGoesOn()
    {
        var log = new FakeLogger();
        var stage = new RespondStage(1, 4, new RequestOverheadModel(), _time, log);
        var unscored = Scored(topK: 2, [], candidates: 2);
        unscored.Candidates = null;
        var next = Scored(topK: 1, [], candidates: 1);

        stage.Post(unscored);
        stage.Post(next);

        var error = await Assert.ThrowsAsync<RecallException>(() => unscored.Task.DefaultTimeout());
        Assert.Equal((RecallErrorKind.Internal, "internal error while building the reply"), (error.Kind, error.Message));
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Single((await next.Task.DefaultTimeout()).ItemIds);
        var record = Assert.Single(log.Collector.GetSnapshot());
        Assert.Equal(("PipelineStageFailed", LogLevel.Error), (record.Id.Name, record.Level));
        Assert.Contains("respond", record.Message, StringComparison.Ordinal);
    }
}
