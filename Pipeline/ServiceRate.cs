namespace RsPipeline.Pipeline;

/// <summary>
/// How fast the inference stage gets through requests, measured on the batches it scores: requests
/// scored per second of scoring, each batch weighted by how recent it is on the stage's own busy
/// time (about the last <see cref="Horizon"/> of scoring counts). With what is queued, it predicts
/// how long a request admitted now would wait (admission by time, Batching:MaxQueueTime).
/// </summary>
/// <remarks>
/// One writer (the inference loop), any number of readers: the rate is published as one double.
/// Under light load the batches are small and the measured rate is below the capacity, which
/// overstates the wait; the queue is short then, and full batches correct it within the horizon.
/// </remarks>
internal sealed class ServiceRate
{
    /// <summary>How much recent scoring the rate reflects.</summary>
    internal static readonly TimeSpan Horizon = TimeSpan.FromSeconds(1);

    private double _requests;
    private double _seconds;
    private double _perSecond;

    /// <summary>Requests per second of scoring; 0 until a batch has been measured.</summary>
    public double PerSecond => Volatile.Read(ref _perSecond);

    /// <summary>A batch of <paramref name="requests"/> took <paramref name="busy"/> to score (inference loop only).</summary>
    public void Record(int requests, TimeSpan busy)
    {
        if (requests <= 0 || busy <= TimeSpan.Zero)
        {
            return;
        }

        var decay = Math.Exp(-busy.TotalSeconds / Horizon.TotalSeconds);
        _requests = (_requests * decay) + requests;
        _seconds = (_seconds * decay) + busy.TotalSeconds;
        Volatile.Write(ref _perSecond, _requests / _seconds);
    }

    /// <summary>How long <paramref name="queued"/> requests take to score at the measured rate; null before any measurement.</summary>
    public TimeSpan? PredictWait(int queued)
    {
        var rate = PerSecond;
        return rate > 0 ? TimeSpan.FromSeconds(queued / rate) : null;
    }
}
