using Microsoft.Extensions.Time.Testing;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Batching;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests;

/// <summary>
/// The pipeline's own wiring and lifecycle, apart from any stage: a live settings change reaches the
/// waiting batch at once, a drain waits for the last reply, a second drain changes nothing, a request
/// that loses the race with a drain is answered, and Dispose lets go of the live settings.
/// </summary>
public class RecallPipelineLifecycleTests
{
    private static readonly TimeSpan LongWindow = TimeSpan.FromSeconds(10);

    private static BatchingOptions FixedWindow(TimeSpan delay) =>
        new() { MaxBatchSize = 8, MaxBatchDelay = delay, Policy = BatchingPolicy.FixedWindow, QueueCapacity = 64, ParseParallelism = 1, RespondParallelism = 1 };

    [Fact]
    public async Task ShorterWindowSetLive_SendsTheWaitingBatchAtOnce_WithoutTheClockMoving()
    {
        var time = new FakeTimeProvider();
        using var fixture = new PipelineFixture(FixedWindow(LongWindow), time);
        var waiting = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });
        await fixture.Pipeline.WhenWaiting(1).DefaultTimeout();
        time.Advance(TimeSpan.FromMilliseconds(5));

        // The timer stays armed for the old 10 s window: only the pipeline's wake-up on a settings
        // change can make the queue decide again, and the request has waited past the new window.
        fixture.Monitor.Set(FixedWindow(TimeSpan.FromMilliseconds(1)));

        Assert.Equal(100, (await waiting.DefaultTimeout()).ItemIds.Count);
        Assert.Equal([1], fixture.Scorer.BatchSizes);
    }

    [Fact]
    public async Task Drain_WaitsForTheReplyBeingBuilt_BeforeItSaysStopped()
    {
        using var ids = new GatedItemIds(300);
        var catalog = TestCatalogs.Gaussian(300, 8, seed: 7);
        using var fixture = new PipelineFixture(FixedWindow(TimeSpan.Zero), catalog: new ItemCatalog(catalog.Embeddings.ToArray(), catalog.Count, catalog.Dimension, ids, "gated", "test"));
        using var stopped = new ManualResetEventSlim();
        fixture.Pipeline.StateChanged += state =>
        {
            if (state == PipelineState.Stopped)
            {
                stopped.Set();
            }
        };
        var request = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 3 });
        await ids.Entered.DefaultTimeout();

        var drain = fixture.Pipeline.DrainAsync(CancellationToken.None);
        await fixture.Pipeline.InferenceLoop.DefaultTimeout();

        // A thing that must not happen can only be watched for a bounded time: the reply is held in
        // the respond stage, so Stopped before it is released would be a drain that lost a reply.
        var stoppedWhileReplying = stopped.Wait(TimeSpan.FromMilliseconds(300));
        ids.Release();
        await drain.DefaultTimeout();

        Assert.False(stoppedWhileReplying);
        Assert.Equal(3, (await request.DefaultTimeout()).ItemIds.Count);
        Assert.Equal(PipelineState.Stopped, fixture.Pipeline.State);
    }

    [Fact]
    public async Task DrainAgain_AfterStopped_AnnouncesNothing()
    {
        using var fixture = new PipelineFixture(new BatchingOptions());
        await fixture.Pipeline.DrainAsync(CancellationToken.None).DefaultTimeout();
        var announced = new List<PipelineState>();
        fixture.Pipeline.StateChanged += announced.Add;

        await fixture.Pipeline.DrainAsync(CancellationToken.None).DefaultTimeout();

        Assert.Empty(announced);
        Assert.Equal(PipelineState.Stopped, fixture.Pipeline.State);
    }

    [Fact]
    public async Task RequestAdmitted_AsTheDrainEndsIntake_IsRefusedAsShuttingDown_AndNotLost()
    {
        var time = new DrainOnUtcNow();
        using var fixture = new PipelineFixture(new BatchingOptions(), time);
        Task? drain = null;
        time.Arm(() => drain = fixture.Pipeline.DrainAsync(CancellationToken.None));

        // Admission reads the clock after the state check and before handing the request to the
        // parse stage: the drain started there ends intake under the admitted request.
        var request = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });

        var refused = await Assert.ThrowsAsync<RecallException>(() => request.DefaultTimeout());
        Assert.NotNull(drain);
        await drain.DefaultTimeout();
        Assert.Equal(RecallErrorKind.Unavailable, refused.Kind);
        Assert.Equal("the service is shutting down", refused.Message);
        Assert.Equal(0, fixture.Pipeline.InFlight);
        Assert.Empty(fixture.Scorer.BatchSizes);
    }

    [Fact]
    public void Dispose_LetsGoOfTheLiveSettings()
    {
        var fixture = new PipelineFixture(FixedWindow(LongWindow));
        fixture.Dispose();

        fixture.Monitor.Set(FixedWindow(TimeSpan.FromMilliseconds(3)));

        Assert.Equal(LongWindow, fixture.Settings.Current.MaxBatchDelay);
    }

    /// <summary>Item ids whose first read blocks until released (the respond stage reads them to build a reply).</summary>
    private sealed class GatedItemIds(int count) : IReadOnlyList<string>, IDisposable
    {
        private readonly ManualResetEventSlim _gate = new();
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public int Count => count;

        public string this[int index]
        {
            get
            {
                _entered.TrySetResult();
                _ = _gate.Wait(TimeSpan.FromSeconds(30));
                return $"item-{index}";
            }
        }

        public void Release() => _gate.Set();

        public void Dispose() => _gate.Dispose();

        public IEnumerator<string> GetEnumerator() => Enumerable.Range(0, count).Select(i => this[i]).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The system clock, with one action run on the arming thread's next read of the UTC time.</summary>
    private sealed class DrainOnUtcNow : TimeProvider
    {
        private Action? _once;
        private int _thread;

        public void Arm(Action once)
        {
            _thread = Environment.CurrentManagedThreadId;
            _once = once;
        }

        public override DateTimeOffset GetUtcNow()
        {
            if (Environment.CurrentManagedThreadId == _thread && Interlocked.Exchange(ref _once, null) is { } once)
            {
                once();
            }

            return base.GetUtcNow();
        }
    }
}
