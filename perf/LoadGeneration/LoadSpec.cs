using RsPipeline.Perf.Arrivals;

namespace RsPipeline.LoadGeneration;

/// <summary>
/// One load run. Open loop when <see cref="RatePerSecond"/> is set (Poisson arrivals, latency from
/// each request's scheduled time); closed loop otherwise (<see cref="Concurrency"/> callers back to
/// back, latency from each send). The run ends at <see cref="Duration"/> or after
/// <see cref="Count"/> requests, whichever comes first.
/// </summary>
public sealed record LoadSpec
{
    /// <summary>Offered load in requests/s for the open loop; null for the closed loop.</summary>
    public double? RatePerSecond { get; init; }

    /// <summary>Callers of the closed loop. Default 16.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>How long requests are issued. Default 10 s.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most requests issued; null = bounded by <see cref="Duration"/> only.</summary>
    public long? Count { get; init; }

    /// <summary>Items asked for (typed API) and expected in each reply. Default 100.</summary>
    public int TopK { get; init; } = 100;

    /// <summary>Each call's deadline. Default 10 s.</summary>
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Every how many requests one reply is kept for verification; 0 = none. Default 50.</summary>
    public int VerifyEvery { get; init; } = 50;

    /// <summary>Most replies kept for verification. Default 100.</summary>
    public int VerifyMax { get; init; } = 100;

    /// <summary>A send this much later than its schedule counts as late (open loop). Default 2 ms.</summary>
    public TimeSpan LateThreshold { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Open loop: calls outstanding at most; the sender waits (and its sends count as late) beyond. Default 20,000.</summary>
    public int MaxInFlight { get; init; } = 20_000;

    /// <summary>Open loop: steady Poisson arrivals, or on/off bursts (<see cref="ArrivalSchedule.Bursty"/>). Default Poisson.</summary>
    public ArrivalKind Arrivals { get; init; } = ArrivalKind.Poisson;

    /// <summary>Seed of the arrival schedule and of where the run starts in the query set.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>True for the open loop.</summary>
    public bool IsOpenLoop => RatePerSecond is not null;
}

/// <summary>How the open loop's arrivals are spread in time.</summary>
public enum ArrivalKind
{
    /// <summary>Steady: exponential gaps at the rate.</summary>
    Poisson,

    /// <summary>On/off: 2× the rate for 200 ms, then 0.2× for 800 ms (a mean of 0.56× the rate).</summary>
    Bursty,
}
