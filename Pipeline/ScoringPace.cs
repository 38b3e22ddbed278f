namespace RsPipeline.Pipeline;

/// <summary>
/// How long the inference stage takes per batch, measured on the batches it scores (each weighted
/// by how recent it is on the stage's own busy time: about the last <see cref="Horizon"/> of
/// scoring counts). With what is inside and the batch size, it predicts how long a request
/// admitted now would wait for its answer (admission by time, Batching:MaxQueueTime).
/// </summary>
/// <remarks>
/// Per batch, not per request: scoring scans the whole item matrix once per batch, so a batch of 64
/// costs little more than a batch of 1, and a rate measured in requests per second while batches are
/// small would understate the capacity many times over (and, used for admission, keep them small).
/// Small batches under light load make the prediction short, which errs towards admitting.
/// One writer (the inference loop), any number of readers: the mean is published as one double.
/// </remarks>
internal sealed class ScoringPace
{
    /// <summary>How much recent scoring the mean reflects.</summary>
    internal static readonly TimeSpan Horizon = TimeSpan.FromSeconds(1);

    private double _batches;
    private double _seconds;
    private double _secondsPerBatch;

    /// <summary>The mean time to score a batch; zero until a batch has been measured.</summary>
    public TimeSpan PerBatch => TimeSpan.FromSeconds(Volatile.Read(ref _secondsPerBatch));

    /// <summary>A batch took <paramref name="busy"/> to score (inference loop only).</summary>
    public void Record(TimeSpan busy)
    {
        if (busy <= TimeSpan.Zero)
        {
            return;
        }

        var decay = Math.Exp(-busy.TotalSeconds / Horizon.TotalSeconds);
        _batches = (_batches * decay) + 1;
        _seconds = (_seconds * decay) + busy.TotalSeconds;
        Volatile.Write(ref _secondsPerBatch, _seconds / _batches);
    }

    /// <summary>
    /// How long a request admitted behind <paramref name="inside"/> others waits for its answer: the
    /// batches of up to <paramref name="maxBatchSize"/> it takes to reach it and its own, at the
    /// measured pace; null before any measurement.
    /// </summary>
    public TimeSpan? PredictWait(int inside, int maxBatchSize)
    {
        var perBatch = Volatile.Read(ref _secondsPerBatch);
        if (perBatch <= 0)
        {
            return null;
        }

        var batches = ((long)inside + maxBatchSize) / Math.Max(1, maxBatchSize);
        return TimeSpan.FromSeconds(batches * perBatch);
    }
}
