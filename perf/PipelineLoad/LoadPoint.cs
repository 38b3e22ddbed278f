namespace RsPipeline.Perf.PipelineLoad;

/// <summary>One measured setting under one offered load.</summary>
internal sealed record LoadPoint(
    string Setting,
    double OfferedPerSecond,
    double AchievedPerSecond,
    long Completed,
    long Failed,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double MeanBatchSize,
    long LateArrivals);
