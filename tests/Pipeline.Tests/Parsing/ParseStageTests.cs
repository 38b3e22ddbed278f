using System.Threading.Tasks.Dataflow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Parsing;
using RsPipeline.Pipeline.Reload;
using RsPipeline.Pipeline.Telemetry;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Parsing;

/// <summary>The parse stage on its own: what it hands on, in order and stamped, and what it fails or drops.</summary>
public sealed class ParseStageTests : IDisposable
{
    private const int Dimension = 3;

    private readonly RsPipelineTelemetry _telemetry = new();
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger _log = new();
    private readonly Admission _admission;

    public ParseStageTests() => _admission = new Admission(100, new RecallInstrumentation(_telemetry, _time), _log);

    public void Dispose() => _telemetry.Dispose();

    private static ScorerSlot Installed()
    {
        var slot = new ScorerSlot();
        _ = slot.Replace(new NaiveScorer(TestCatalogs.Gaussian(10, Dimension, seed: 1)));
        return slot;
    }

    private RecallWorkItem Item(RecallRequest request)
    {
        Assert.True(_admission.TryEnter());
        return new RecallWorkItem(request, 1, 0, long.MaxValue, _admission);
    }

    private (ParseStage Stage, BufferBlock<RecallWorkItem> Parsed) Stage(ScorerSlot scorers, int parallelism = 2)
    {
        var stage = new ParseStage(scorers, parallelism, 32, _time, _log);
        var parsed = new BufferBlock<RecallWorkItem>();
        stage.LinkTo(parsed);
        return (stage, parsed);
    }

    [Fact]
    public async Task ValidRequests_AreHandedOn_InArrivalOrder_WithTheirVectorAndParseTime()
    {
        var (stage, parsed) = Stage(Installed(), parallelism: 4);
        _time.Advance(TimeSpan.FromSeconds(3));
        var items = Enumerable.Range(0, 20).Select(i => Item(i % 2 == 0
            ? new RecallRequest { FeatureText = $"{i}, 1.5, -2" }
            : new RecallRequest { Features = new float[] { i, 1.5f, -2f } })).ToArray();

        Assert.All(items, item => Assert.True(stage.Post(item)));
        var received = new List<RecallWorkItem>();
        for (var i = 0; i < items.Length; i++)
        {
            received.Add(await parsed.ReceiveAsync().DefaultTimeout());
        }

        stage.Complete();
        await parsed.Completion.DefaultTimeout();

        Assert.Equal(items, received);
        for (var i = 0; i < items.Length; i++)
        {
            Assert.Equal(new float[] { i, 1.5f, -2f }, items[i].Vector![..Dimension]);
            Assert.Equal(_time.GetTimestamp(), items[i].ParsedTimestamp);
        }

        Assert.Equal(items.Length, _admission.Inside);
        Assert.False(stage.Post(Item(new RecallRequest { Features = new float[Dimension] })));
    }

    [Fact]
    public async Task AnInvalidRequest_FailsAsInvalidArgument_AndLeaves()
    {
        var (stage, parsed) = Stage(Installed());
        var text = Item(new RecallRequest { FeatureText = "1, 2" });
        var typed = Item(new RecallRequest { Features = new float[] { 1f, float.NaN, 3f } });

        stage.Post(text);
        stage.Post(typed);
        stage.Complete();
        await parsed.Completion.DefaultTimeout();

        var textError = await Assert.ThrowsAsync<RecallException>(() => text.Task);
        var typedError = await Assert.ThrowsAsync<RecallException>(() => typed.Task);
        Assert.Equal((RecallErrorKind.InvalidArgument, "wrong dimension: expected 3 values, got 2"), (textError.Kind, textError.Message));
        Assert.Equal((RecallErrorKind.InvalidArgument, "value 2 is not finite: NaN"), (typedError.Kind, typedError.Message));
        Assert.Equal(0, parsed.Count);
        Assert.Equal(0, _admission.Inside);
        Assert.Null(typed.Vector);
    }

    [Fact]
    public async Task ARequestAlreadyAnswered_LeavesUnparsed()
    {
        var (stage, parsed) = Stage(Installed());
        var item = Item(new RecallRequest { FeatureText = "1, 2, 3" });
        item.Fail(new RecallException(RecallErrorKind.Cancelled, "gone"));

        stage.Post(item);
        stage.Complete();
        await parsed.Completion.DefaultTimeout();

        Assert.Equal(0, parsed.Count);
        Assert.Equal(0, _admission.Inside);
        Assert.Equal(0, item.ParsedTimestamp);
        Assert.Empty(_log.Collector.GetSnapshot());
    }

    [Fact]
    public async Task AnUnexpectedFailure_FailsOnlyThatRequest_AsInternal_AndIsLogged()
    {
        var (stage, parsed) = Stage(new ScorerSlot());
        var item = Item(new RecallRequest { FeatureText = "1, 2, 3" });

        stage.Post(item);
        stage.Complete();
        await parsed.Completion.DefaultTimeout();

        var error = await Assert.ThrowsAsync<RecallException>(() => item.Task);
        Assert.Equal((RecallErrorKind.Internal, "internal error while parsing the request"), (error.Kind, error.Message));
        var record = Assert.Single(_log.Collector.GetSnapshot());
        Assert.Equal(("PipelineStageFailed", LogLevel.Error), (record.Id.Name, record.Level));
        Assert.Contains("parse", record.Message, StringComparison.Ordinal);
        Assert.Equal(0, _admission.Inside);
    }

    [Fact]
    public async Task ASlowParse_DoesNotHoldTheNextOne_AndTheOrderOutIsTheOrderIn()
    {
        using var scorer = new GatedDimensionScorer(TestCatalogs.Gaussian(10, Dimension, seed: 1));
        var slot = new ScorerSlot();
        _ = slot.Replace(scorer);
        var (stage, parsed) = Stage(slot, parallelism: 2);
        var first = Item(new RecallRequest { FeatureText = "1, 2, 3" });
        var second = Item(new RecallRequest { FeatureText = "4, 5, 6" });

        stage.Post(first);
        await scorer.FirstAsked.DefaultTimeout();
        stage.Post(second);

        // With two workers the second request is parsed while the first is held.
        await scorer.SecondAsked.DefaultTimeout();

        // The second must not be handed on before the first; a thing that must not happen can only
        // be watched for a bounded time.
        var overtaken = await parsed.OutputAvailableAsync().WaitAsync(TimeSpan.FromMilliseconds(200)).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
        scorer.Release();
        var received = new[] { await parsed.ReceiveAsync().DefaultTimeout(), await parsed.ReceiveAsync().DefaultTimeout() };

        Assert.False(overtaken);
        Assert.Equal([first, second], received);
    }

    /// <summary>A scorer whose input dimension, the parse stage's first question, is held for the first asker until released.</summary>
    private sealed class GatedDimensionScorer(RsPipeline.Catalog.ItemCatalog catalog) : RsPipeline.Pipeline.Inference.IItemScorer
    {
        private readonly ManualResetEventSlim _gate = new();
        private readonly TaskCompletionSource _firstAsked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _secondAsked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _asked;

        public RsPipeline.Catalog.ItemCatalog Catalog => catalog;

        public Task FirstAsked => _firstAsked.Task;

        public Task SecondAsked => _secondAsked.Task;

        public int InputDimension
        {
            get
            {
                if (Interlocked.Increment(ref _asked) == 1)
                {
                    _firstAsked.TrySetResult();
                    _ = _gate.Wait(TimeSpan.FromSeconds(30));
                }
                else
                {
                    _secondAsked.TrySetResult();
                }

                return catalog.Dimension;
            }
        }

        public void Release() => _gate.Set();

        public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores) => throw new NotSupportedException("the parse stage never scores");

        public void Dispose()
        {
            _gate.Set();
            _gate.Dispose();
        }
    }
}
