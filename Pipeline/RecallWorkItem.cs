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
    private readonly TaskCompletionSource<RecallResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<RecallWorkItem> _onLeft;
    private readonly Action<RecallWorkItem, RecallException?>? _onCompleted;
    private CancellationTokenRegistration _cancellation;
    private int _left;

    public RecallWorkItem(RecallRequest request, int topK, long admittedTimestamp, Action<RecallWorkItem> onLeft, Action<RecallWorkItem, RecallException?>? onCompleted = null)
    {
        Request = request;
        TopK = topK;
        AdmittedTimestamp = admittedTimestamp;
        _onLeft = onLeft;
        _onCompleted = onCompleted;
    }

    public RecallRequest Request { get; }

    /// <summary>How many ids the reply holds (the request's, or the configured default).</summary>
    public int TopK { get; }

    /// <summary>When the pipeline accepted the request (TimeProvider timestamp).</summary>
    public long AdmittedTimestamp { get; }

    /// <summary>When the request joined a batch (TimeProvider timestamp); 0 until then.</summary>
    public long BatchedTimestamp { get; set; }

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

    /// <summary>Completes the caller's task early when it gives up; the item itself leaves later, unscored.</summary>
    public void CompleteWhenCallerGivesUp(Func<RecallWorkItem, RecallException> reason)
    {
        if (Request.CancellationToken.CanBeCanceled)
        {
            _cancellation = Request.CancellationToken.UnsafeRegister(
                static state =>
                {
                    var (item, reason) = ((RecallWorkItem, Func<RecallWorkItem, RecallException>))state!;
                    item.Fail(reason(item));
                },
                (this, reason));
        }
    }

    public bool Succeed(RecallResult result)
    {
        if (!_completion.TrySetResult(result))
        {
            return false;
        }

        NotifyCompleted(null);
        return true;
    }

    public bool Fail(RecallException error)
    {
        if (!_completion.TrySetException(error))
        {
            return false;
        }

        NotifyCompleted(error);
        return true;
    }

    /// <summary>Fails the item if it has no answer yet and takes it out of the graph.</summary>
    public void Leave(RecallException? errorIfUnanswered = null)
    {
        if (Interlocked.Exchange(ref _left, 1) != 0)
        {
            return;
        }

        try
        {
            if (errorIfUnanswered is not null)
            {
                Fail(errorIfUnanswered);
            }
        }
        finally
        {
            // Whatever happened above, the slot and the vector go back: a leak here would fill the pipeline.
            _cancellation.Dispose();
            if (Vector is { } vector)
            {
                Vector = null;
                ArrayPool<float>.Shared.Return(vector);
            }

            _onLeft(this);
        }
    }

    // Telemetry listeners are other people's code: one that throws must not break completion or
    // admission accounting (this also runs inside the caller's CancellationTokenSource.Cancel).
    private void NotifyCompleted(RecallException? error)
    {
        try
        {
            _onCompleted?.Invoke(this, error);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Trace.TraceWarning($"RsPipeline: a telemetry listener threw while a request completed: {ex.Message}");
        }
    }
}
