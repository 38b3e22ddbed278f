using System.Buffers;
using System.Diagnostics;
using RsPipeline.Pipeline.Telemetry;

namespace RsPipeline.Pipeline;

/// <summary>
/// One request in flight through the graph: the caller's request, its completion, its parsed
/// vector (rented, returned when the item leaves) and its timestamps. Completes exactly once;
/// leaves the graph exactly once, which is when its admission slot is given back.
/// </summary>
internal sealed class RecallWorkItem
{
    /// <summary>The most by which a cancellation may precede the deadline and still count as the deadline's.</summary>
    internal static readonly TimeSpan MaxDeadlineLead = TimeSpan.FromMilliseconds(100);

    private readonly TaskCompletionSource<RecallResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Admission _admission;
    private CancellationTokenRegistration _cancellation;
    private int _left;

    public RecallWorkItem(RecallRequest request, int topK, long admittedTimestamp, long deadlineTimestamp, Admission admission)
    {
        Request = request;
        TopK = topK;
        AdmittedTimestamp = admittedTimestamp;
        DeadlineTimestamp = deadlineTimestamp;
        _admission = admission;
    }

    public RecallRequest Request { get; }

    /// <summary>How many ids the reply holds (the request's, or the configured default).</summary>
    public int TopK { get; }

    /// <summary>When the pipeline accepted the request (TimeProvider timestamp).</summary>
    public long AdmittedTimestamp { get; }

    /// <summary>The caller's deadline as a TimeProvider timestamp; <see cref="long.MaxValue"/> when it set none.</summary>
    public long DeadlineTimestamp { get; }

    /// <summary>When the parse stage was done with the request (TimeProvider timestamp); 0 until then.</summary>
    public long ParsedTimestamp { get; set; }

    /// <summary>The inference of the request's batch; null until its batch reaches inference.</summary>
    public BatchInference? Inference { get; set; }

    /// <summary>The request's span while it is in flight; null when not sampled (or telemetry is off).</summary>
    public Activity? Activity { get; set; }

    /// <summary>The parsed user vector: the first <c>Dimension</c> values of a rented array; null until parsed.</summary>
    public float[]? Vector { get; private set; }

    /// <summary>The candidates the scorer found for this request, best first; null until scored.</summary>
    public ScoredCandidates? Candidates { get; set; }

    public Task<RecallResult> Task => _completion.Task;

    /// <summary>True once the caller has an answer (result or error).</summary>
    public bool IsCompleted => _completion.Task.IsCompleted;

    public float[] RentVector(int dimension) => Vector = ArrayPool<float>.Shared.Rent(dimension);

    /// <summary>
    /// How long before its deadline a cancellation still counts as the deadline's (see
    /// <see cref="DeadlineLeadFor"/>); zero unless set.
    /// </summary>
    public TimeSpan DeadlineLead { get; init; }

    /// <summary>
    /// Why the caller is no longer waiting at <paramref name="utcNow"/>: the cause its request gave
    /// (<see cref="RecallRequest.CancellationCause"/>), else its deadline (reached, or within
    /// <see cref="DeadlineLead"/> of it), else it cancelled.
    /// </summary>
    public RecallException GaveUp(DateTime utcNow)
    {
        if (Request.CancellationCause?.Invoke() is { } cause)
        {
            return cause;
        }

        return Request.Deadline is { } deadline && deadline - DeadlineLead <= utcNow
            ? new RecallException(RecallErrorKind.DeadlineExceeded, "the caller's deadline passed before the request was scored")
            : new RecallException(RecallErrorKind.Cancelled, "the caller cancelled the request before it was scored");
    }

    /// <summary>
    /// A client times its deadline from when it sent the call, the server from when the call
    /// arrived, so the client's copy expires first and its cancellation (HTTP/2 RST_STREAM, the same
    /// frame as a deliberate cancel) reaches the server a little before the server's deadline. A
    /// cancellation that close to the deadline is the deadline's: within a tenth of the budget the
    /// call had on admission at <paramref name="admittedUtc"/>, at most <see cref="MaxDeadlineLead"/>.
    /// </summary>
    public static TimeSpan DeadlineLeadFor(DateTime? deadline, DateTime admittedUtc) =>
        // Stryker disable once Equality : at utc == admittedUtc a tenth of a zero budget is zero as well
        deadline is { } utc && utc > admittedUtc
            ? TimeSpan.FromTicks(Math.Min((utc - admittedUtc).Ticks / 10, MaxDeadlineLead.Ticks))
            : TimeSpan.Zero;

    /// <summary>Completes the caller's task early when it gives up; the item itself leaves later, unscored.</summary>
    public void CompleteWhenCallerGivesUp(TimeProvider time)
    {
        if (Request.CancellationToken.CanBeCanceled)
        {
            _cancellation = Request.CancellationToken.UnsafeRegister(
                static state =>
                {
                    var (item, time) = ((RecallWorkItem, TimeProvider))state!;
                    item.Fail(item.GaveUp(time.GetUtcNow().UtcDateTime));
                },
                (this, time));
        }
    }

    public bool Succeed(RecallResult result)
    {
        if (!_completion.TrySetResult(result))
        {
            return false;
        }

        _admission.Completed(this, null);
        return true;
    }

    public bool Fail(RecallException error)
    {
        if (!_completion.TrySetException(error))
        {
            return false;
        }

        _admission.Completed(this, error);
        return true;
    }

    /// <summary>
    /// Takes the item out of the graph (its slot and its vector go back), then fails it if it has no
    /// answer yet: by the time a caller sees its error, the request no longer counts as inside.
    /// </summary>
    public void Leave(RecallException? errorIfUnanswered = null)
    {
        if (Interlocked.Exchange(ref _left, 1) != 0)
        {
            return;
        }

        _cancellation.Dispose();
        if (Vector is { } vector)
        {
            Vector = null;
            // Stryker disable once Statement : returning the vector spares the pool an allocation; no caller can tell
            ArrayPool<float>.Shared.Return(vector);
        }

        _admission.Left();
        if (errorIfUnanswered is not null)
        {
            Fail(errorIfUnanswered);
        }
    }
}
