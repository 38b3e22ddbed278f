using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Telemetry;
using static RsPipeline.Pipeline.Telemetry.RsPipelineTelemetry;

namespace RsPipeline.Pipeline.Tests;

/// <summary>The admission count and a work item's single completion and single exit.</summary>
public sealed class AdmissionTests : IDisposable
{
    private readonly RsPipelineTelemetry _telemetry = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private readonly FakeLogger _log = new();

    public void Dispose() => _telemetry.Dispose();

    private Admission Admission(int capacity) => new(capacity, new RecallInstrumentation(_telemetry, _time), _log);

    private RecallWorkItem Item(Admission admission, RecallRequest? request = null) =>
        new(request ?? new RecallRequest(), 3, _time.GetTimestamp(), long.MaxValue, admission);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void TryEnter_AdmitsExactlyTheCapacity_AndALeaverFreesOneSlot(int capacity)
    {
        var admission = Admission(capacity);

        var admitted = Enumerable.Range(0, capacity + 2).Count(_ => admission.TryEnter());
        var inside = admission.Inside;
        admission.Left();
        var again = admission.TryEnter();
        var past = admission.TryEnter();

        Assert.Equal(capacity, admitted);
        Assert.Equal(capacity, inside);
        Assert.True(again);
        Assert.False(past);
        Assert.Equal(capacity, admission.Inside);
        Assert.Equal(capacity, admission.Capacity);
    }

    [Fact]
    public void TryEnter_FromManyThreads_NeverPassesTheCapacity()
    {
        const int capacity = 100;
        var admission = Admission(capacity);

        var admitted = 0;
        Parallel.For(0, 1_000, _ =>
        {
            if (admission.TryEnter())
            {
                Interlocked.Increment(ref admitted);
            }
        });

        Assert.Equal(capacity, admitted);
        Assert.Equal(capacity, admission.Inside);
    }

    [Fact]
    public void AThrowingListener_IsLogged_AndTheRequestStillCompletes()
    {
        var admission = Admission(1);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, _telemetry.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => throw new InvalidOperationException("listener"));
        listener.Start();
        Assert.True(admission.TryEnter());
        var item = Item(admission);

        Assert.True(item.Succeed(new RecallResult([], null, "v")));

        Assert.True(item.Task.IsCompletedSuccessfully);
        var record = Assert.Single(_log.Collector.GetSnapshot());
        Assert.Equal(("TelemetryListenerFailed", LogLevel.Warning), (record.Id.Name, record.Level));
        Assert.Equal("listener", record.Exception!.Message);
    }

    [Fact]
    public async Task AnItem_CompletesOnce_AndIsCountedOnce()
    {
        var admission = Admission(1);
        using var outcomes = new MetricCollector<long>(_telemetry.Meter, Instruments.Requests);
        var item = Item(admission);

        var first = item.Succeed(new RecallResult([], null, "v"));
        var second = item.Succeed(new RecallResult([], null, "w"));
        var failed = item.Fail(new RecallException(RecallErrorKind.Internal, "late"));

        Assert.True(first);
        Assert.False(second);
        Assert.False(failed);
        Assert.Equal("v", (await item.Task).CatalogVersion);
        Assert.Single(outcomes.GetMeasurementSnapshot());
        Assert.True(item.IsCompleted);
    }

    [Fact]
    public void AFailedItem_CannotSucceedAfterwards()
    {
        var item = Item(Admission(1));

        Assert.True(item.Fail(new RecallException(RecallErrorKind.Internal, "first")));
        Assert.False(item.Succeed(new RecallResult([], null, "v")));

        Assert.Equal("first", item.Task.Exception!.InnerException!.Message);
    }

    [Fact]
    public void Leave_GivesTheSlotBackOnce_ReturnsTheVector_AndFailsAnUnansweredItem()
    {
        var admission = Admission(2);
        Assert.True(admission.TryEnter());
        Assert.True(admission.TryEnter());
        var item = Item(admission);
        item.RentVector(8);

        item.Leave(new RecallException(RecallErrorKind.Unavailable, "gone"));
        item.Leave(new RecallException(RecallErrorKind.Internal, "again"));

        Assert.Equal(1, admission.Inside);
        Assert.Null(item.Vector);
        var error = Assert.IsType<RecallException>(item.Task.Exception!.InnerException);
        Assert.Equal((RecallErrorKind.Unavailable, "gone"), (error.Kind, error.Message));
    }

    [Fact]
    public void Leave_WithoutAnError_LeavesTheAnswerPending()
    {
        var admission = Admission(1);
        Assert.True(admission.TryEnter());
        var item = Item(admission);

        item.Leave();

        Assert.Equal(0, admission.Inside);
        Assert.False(item.IsCompleted);
    }

    [Fact]
    public void RentVector_HoldsAtLeastTheDimension()
    {
        var item = Item(Admission(1));

        var vector = item.RentVector(5);

        Assert.Same(vector, item.Vector);
        Assert.True(vector.Length >= 5);
    }

    [Fact]
    public void GaveUp_IsDeadlineExceeded_FromTheDeadlineOn_AndCancelledBefore()
    {
        var deadline = _time.GetUtcNow().UtcDateTime;
        var item = Item(Admission(1), new RecallRequest { Deadline = deadline });
        var noDeadline = Item(Admission(1));

        Assert.Equal(RecallErrorKind.Cancelled, item.GaveUp(deadline.AddTicks(-1)).Kind);
        Assert.Equal(RecallErrorKind.DeadlineExceeded, item.GaveUp(deadline).Kind);
        Assert.Equal(RecallErrorKind.DeadlineExceeded, item.GaveUp(deadline.AddTicks(1)).Kind);
        Assert.Equal(RecallErrorKind.Cancelled, noDeadline.GaveUp(deadline).Kind);
    }

    [Fact]
    public async Task ACallerWhoCancels_IsAnsweredAtOnce_AsCancelled_OrDeadlineExceededOncePast()
    {
        using var cancel = new CancellationTokenSource();
        using var late = new CancellationTokenSource();
        var cancelled = Item(Admission(1), new RecallRequest { CancellationToken = cancel.Token });
        var pastDeadline = Item(Admission(1), new RecallRequest { CancellationToken = late.Token, Deadline = _time.GetUtcNow().UtcDateTime });
        cancelled.CompleteWhenCallerGivesUp(_time);
        pastDeadline.CompleteWhenCallerGivesUp(_time);

        await cancel.CancelAsync();
        await late.CancelAsync();

        Assert.Equal(RecallErrorKind.Cancelled, Assert.IsType<RecallException>(cancelled.Task.Exception!.InnerException).Kind);
        Assert.Equal(RecallErrorKind.DeadlineExceeded, Assert.IsType<RecallException>(pastDeadline.Task.Exception!.InnerException).Kind);
    }

    [Fact]
    public async Task AfterLeaving_ACancellationNoLongerAnswers()
    {
        using var cancel = new CancellationTokenSource();
        var item = Item(Admission(1), new RecallRequest { CancellationToken = cancel.Token });
        item.CompleteWhenCallerGivesUp(_time);

        item.Leave();
        await cancel.CancelAsync();

        Assert.False(item.IsCompleted);
    }
}
