namespace RsPipeline.Pipeline.Batching;

/// <summary>
/// <see cref="BatchingPolicy.LatencySlo"/>: sizes each batch from the <see cref="InferenceCostModel"/>,
/// the callers' deadlines and <c>Batching:LatencyTarget</c>. Each waiting request has a bound: the
/// earlier of its deadline and its arrival plus its budget, where the budget is the target less
/// <c>Batching:LatencyTargetMargin</c> (kept for what the server cannot see) less the measured
/// overhead outside what the policy schedules (<see cref="RequestOverheadModel"/>: a high quantile of
/// parse time, respond time and inference overrunning its prediction), and never below zero. The
/// bound is when the request's inference must end for its answer to come within the target. At a decision (the inference stage
/// is idle), with c(n) the predicted inference time of n requests stretched by <see cref="Headroom"/>:
/// <list type="number">
/// <item>MaxBatchSize waiting: a full batch leaves (<see cref="BatchTrigger.Full"/>); draining: all leave (<see cref="BatchTrigger.Drain"/>).</item>
/// <item>The largest n (of the oldest, at most all waiting) is chosen such that the n finish within
/// their bounds (now + c(n)) and the rest, scored right after, within theirs (+ c(rest)). A request
/// that cannot meet its own deadline even alone is left out of this (the inference stage fails it).</item>
/// <item>None fits: overload; everything waiting leaves at once (<see cref="BatchTrigger.Overload"/>), so
/// the queue drains at the largest batch it has, never in tiny ones.</item>
/// <item>Some but not all fit: those leave now (<see cref="BatchTrigger.Latency"/>); waiting cannot help.</item>
/// <item>All fit, and the batch that would leave now keeps up with the arrivals (its time per request,
/// c(n)/n, is at most the smoothed gap between arrivals), or no gap is known yet: they leave now
/// (<see cref="BatchTrigger.Idle"/>). Holding an idle stage then only adds latency, so at light load
/// every request leaves at once.</item>
/// <item>All fit, but the batch is too small to keep up: the stage waits for more, until the smallest
/// batch that keeps up is expected to be waiting (one smoothed gap per request still to come after
/// the newest; never, if no batch up to MaxBatchSize keeps up) or until the latest start at which
/// all of them and one more still finish within every bound, whichever comes first, and only when
/// the next arrival is expected before that latest start. At the latest start they leave as
/// <see cref="BatchTrigger.Latency"/>; when the next arrival is expected too late, or the keep-up
/// size was expected already, as <see cref="BatchTrigger.Idle"/>.</item>
/// </list>
/// A budget of zero (a target the stages outside inference already use up) leaves no group fitting:
/// everything waiting leaves at once as <see cref="BatchTrigger.Overload"/>, as EagerWhenIdle would.
/// MaxBatchDelay plays no part. Not thread-safe by itself: the batch queue asks under its lock.
/// </summary>
public sealed class LatencySloPolicy : IBatchPolicy
{
    /// <summary>
    /// How much the model's typical time is stretched when scheduling: a batch's slow tail (the p99
    /// the target is about) runs above its median, and the respond stage after it is not modelled.
    /// </summary>
    public const double DefaultHeadroom = 1.2;

    // Weight of each new gap between arrivals in the smoothed gap: about the last eight arrivals count.
    private const double GapSmoothing = 0.125;

    private readonly InferenceCostModel _model;
    private readonly RequestOverheadModel? _overhead;
    private long _newestSeen = long.MinValue;
    private double _gapTicks = double.NaN;
    private long[] _bounds = [];
    private long[] _prefixMin = [];
    private long[] _suffixMin = [];

    /// <summary>
    /// Creates the policy over <paramref name="model"/>, stretching its predictions by
    /// <paramref name="headroom"/> (at least 1) and keeping <paramref name="overhead"/>'s estimate of
    /// each request's time outside the queue and inference free of the target (none: nothing kept).
    /// </summary>
    public LatencySloPolicy(InferenceCostModel model, double headroom = DefaultHeadroom, RequestOverheadModel? overhead = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(headroom, 1.0);
        _model = model;
        _overhead = overhead;
        Headroom = headroom;
    }

    /// <summary>The factor applied to predicted inference times when scheduling.</summary>
    public double Headroom { get; }

    /// <inheritdoc />
    public BatchDecision Decide(in BatchQueueState state)
    {
        LearnArrivals(state);
        var waiting = state.Waiting.Length;
        var max = state.Settings.MaxBatchSize;
        if (waiting >= max)
        {
            return BatchDecision.Dispatch(max, BatchTrigger.Full, _model.Predict(max));
        }

        if (state.Completing)
        {
            return BatchDecision.Dispatch(waiting, BatchTrigger.Drain, _model.Predict(waiting));
        }

        FillBounds(state);
        var size = LargestFitting(state, waiting);
        if (size == 0)
        {
            return BatchDecision.Dispatch(waiting, BatchTrigger.Overload, _model.Predict(waiting));
        }

        if (size < waiting)
        {
            return BatchDecision.Dispatch(size, BatchTrigger.Latency, _model.Predict(size));
        }

        // Every one waiting is past saving (its deadline falls before even a batch of one could end):
        // waiting helps none of them, and the inference stage answers them at once.
        var latestStart = Saturating(_prefixMin[waiting], -Ticks(state, waiting + 1));
        if (state.Now >= latestStart || _prefixMin[waiting] == long.MaxValue)
        {
            return BatchDecision.Dispatch(waiting, BatchTrigger.Latency, _model.Predict(waiting));
        }

        if (double.IsNaN(_gapTicks) || KeepsUp(state, waiting) || Math.Max(state.Now, _newestSeen + (long)_gapTicks) > latestStart)
        {
            return BatchDecision.Dispatch(waiting, BatchTrigger.Idle, _model.Predict(waiting));
        }

        var holdUntil = Math.Min(latestStart, KeepUpExpected(state, waiting, max));
        return holdUntil <= state.Now
            ? BatchDecision.Dispatch(waiting, BatchTrigger.Idle, _model.Predict(waiting))
            : BatchDecision.WaitUntil(holdUntil);
    }

    // Whether a batch of size, leaving now, keeps up with the arrivals: its time per request (stretched by the headroom) is at most the smoothed gap between them.
    private bool KeepsUp(in BatchQueueState state, int size) => Ticks(state, size) <= size * _gapTicks;

    // When the smallest batch larger than waiting that keeps up is expected to be waiting (one smoothed gap per request still to come after the newest); "never" if none up to max does.
    private long KeepUpExpected(in BatchQueueState state, int waiting, int max)
    {
        for (var size = waiting + 1; size <= max; size++)
        {
            if (KeepsUp(state, size))
            {
                return Saturating(_newestSeen, (long)Math.Ceiling((size - waiting) * _gapTicks));
            }
        }

        return long.MaxValue;
    }

    // The largest n such that the oldest n finish within their bounds and the rest, right after, within theirs; 0 if none.
    private int LargestFitting(in BatchQueueState state, int waiting)
    {
        for (var n = waiting; n >= 1; n--)
        {
            var firstEnds = Saturating(state.Now, Ticks(state, n));
            if (firstEnds > _prefixMin[n])
            {
                continue;
            }

            if (n == waiting || Saturating(firstEnds, Ticks(state, waiting - n)) <= _suffixMin[n])
            {
                return n;
            }
        }

        return 0;
    }

    /// <summary>
    /// What a request may spend waiting and in inference: the target less the margin less the
    /// measured overhead outside them, at least zero.
    /// </summary>
    public TimeSpan Budget(BatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var budget = settings.LatencyTarget - settings.LatencyTargetMargin - (_overhead?.Current ?? TimeSpan.Zero);
        return budget > TimeSpan.Zero ? budget : TimeSpan.Zero;
    }

    // Each waiting request's bound: min(deadline, arrival + budget); long.MaxValue for one that cannot meet its deadline even alone (it is shed, not waited for).
    private void FillBounds(in BatchQueueState state)
    {
        var budget = Budget(state.Settings);
        var waiting = state.Waiting;
        if (_bounds.Length <= waiting.Length)
        {
            // Stryker disable once Arithmetic : how much the buffers grow beyond what this decision needs is speed only
            var length = Math.Max(waiting.Length + 1, _bounds.Length * 2);
            _bounds = new long[length];
            _prefixMin = new long[length];
            _suffixMin = new long[length];
        }

        var aloneEnds = Saturating(state.Now, (long)(_model.Predict(1).TotalSeconds * state.TimestampFrequency));
        for (var i = 0; i < waiting.Length; i++)
        {
            var request = waiting[i];
            _bounds[i] = request.DeadlineTimestamp < aloneEnds
                ? long.MaxValue
                : Math.Min(request.DeadlineTimestamp, state.After(request.ArrivalTimestamp, budget));
        }

        // _prefixMin[n]: the earliest bound of the oldest n; _suffixMin[n]: of those from n on.
        _prefixMin[0] = long.MaxValue;
        for (var i = 0; i < waiting.Length; i++)
        {
            _prefixMin[i + 1] = Math.Min(_prefixMin[i], _bounds[i]);
        }

        _suffixMin[waiting.Length] = long.MaxValue;
        // Stryker disable once Equality : _suffixMin[0] is never read (a batch takes at least one request)
        for (var i = waiting.Length - 1; i >= 0; i--)
        {
            _suffixMin[i] = Math.Min(_suffixMin[i + 1], _bounds[i]);
        }
    }

    private long Ticks(in BatchQueueState state, int size) =>
        (long)Math.Round(_model.Predict(size).TotalSeconds * Headroom * state.TimestampFrequency);

    // Smooths the gap between arrivals from the requests that joined since the last decision.
    private void LearnArrivals(in BatchQueueState state)
    {
        var waiting = state.Waiting;
        var first = waiting.Length;
        while (first > 0 && waiting[first - 1].ArrivalTimestamp > _newestSeen)
        {
            first--;
        }

        for (var i = first; i < waiting.Length; i++)
        {
            var arrival = waiting[i].ArrivalTimestamp;
            if (_newestSeen != long.MinValue)
            {
                var gap = Math.Max(0, arrival - _newestSeen);
                _gapTicks = double.IsNaN(_gapTicks) ? gap : _gapTicks + (GapSmoothing * (gap - _gapTicks));
            }

            _newestSeen = arrival;
        }
    }

    /// <summary><paramref name="timestamp"/> + <paramref name="ticks"/>, held at <see cref="long.MaxValue"/> ("never") instead of overflowing.</summary>
    internal static long Saturating(long timestamp, long ticks) =>
        // Stryker disable once Equality : ticks == 0 adds nothing on either branch
        ticks >= 0
            // Stryker disable once Equality : at ticks == MaxValue − timestamp the sum is MaxValue on either branch
            ? (ticks >= long.MaxValue - timestamp ? long.MaxValue : timestamp + ticks)
            : (timestamp == long.MaxValue ? long.MaxValue : timestamp + ticks);
}
