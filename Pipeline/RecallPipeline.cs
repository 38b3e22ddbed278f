using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Parsing;
using RsPipeline.Pipeline.Reload;
using RsPipeline.Pipeline.Responding;
using RsPipeline.Pipeline.Telemetry;

namespace RsPipeline.Pipeline;

/// <summary>
/// The recall graph, in the order a request flows: admission (bounded: at most QueueCapacity
/// requests inside, a request past that is refused at once) → <see cref="ParseStage"/> (parallel)
/// → <see cref="BatchQueue{T}"/> (the batching policy decides when a batch leaves) →
/// <see cref="InferenceStage"/> (one batch at a time) → <see cref="RespondStage"/> (parallel).
/// Every request completes exactly once; a fault fails only the requests it concerns and the graph
/// keeps serving. This class keeps admission, the wiring and the drain; each stage owns its work.
/// </summary>
public sealed class RecallPipeline : IRecallPipeline, IDisposable
{
    private readonly LiveBatchingSettings _batching;
    private readonly RecallOptions _recall;
    private readonly ScorerSlot _scorers;
    private readonly TimeProvider _time;
    private readonly ILogger<RecallPipeline> _logger;
    private readonly RsPipelineTelemetry? _ownedTelemetry;
    private readonly RecallInstrumentation _instrumentation;
    private readonly Admission _admission;

    // Formatted once: under overload most requests get it.
    private readonly string _queueFullMessage;
    private readonly ScoringPace _pace = new();
    private readonly TimeSpan _maxQueueTime;
    private readonly ParseStage _parse;
    private readonly BatchQueue<RecallWorkItem> _queue;
    private readonly InferenceStage _inference;
    private readonly RespondStage _respond;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state = (int)PipelineState.Starting;

    /// <summary>
    /// Builds the graph over <paramref name="scorers"/>; it refuses requests until <see cref="Activate"/>.
    /// Spans and metrics go to <paramref name="telemetry"/>, or to an instance of the pipeline's own (same names) when null.
    /// Inference times are learnt into <paramref name="costModel"/> (the one warm-ups seed), or into a model of its own when null.
    /// </summary>
    public RecallPipeline(LiveBatchingSettings batching, IOptions<RecallOptions> recall, ScorerSlot scorers, TimeProvider time, ILogger<RecallPipeline> logger, RsPipelineTelemetry? telemetry = null, InferenceCostModel? costModel = null)
    {
        ArgumentNullException.ThrowIfNull(batching);
        ArgumentNullException.ThrowIfNull(recall);
        _batching = batching;
        _recall = recall.Value;
        _scorers = scorers;
        _time = time;
        _logger = logger;
        // Stryker disable once Conditional : an instance made when one is given is never used and is disposed with the pipeline; no caller can tell
        _ownedTelemetry = telemetry is null ? new RsPipelineTelemetry() : null;
        telemetry ??= _ownedTelemetry!;
        _instrumentation = new RecallInstrumentation(telemetry, time);
        var atStart = batching.AtStart;
        _admission = new Admission(atStart.QueueCapacity, _instrumentation, logger);
        _queueFullMessage = $"overloaded: {_admission.Capacity} requests already waiting; retry later";
        _maxQueueTime = atStart.MaxQueueTime;
        telemetry.ObserveQueueDepth(() => _admission.Inside);
        telemetry.ObserveCatalog(() => scorers.CurrentOrNull?.Catalog);

        _parse = new ParseStage(scorers, atStart.ParseParallelism, StageCapacity(atStart.ParseParallelism), time, logger);
        var policies = new BatchPolicies(costModel);
        Overhead = policies.Overhead;
        _queue = new BatchQueue<RecallWorkItem>(() => _batching.Current, policies.For, time, item => item.DeadlineTimestamp);
        _batching.Changed += _queue.Wake;
        _respond = new RespondStage(atStart.RespondParallelism, StageCapacity(atStart.RespondParallelism), Overhead, time, logger);
        _parse.LinkTo(_queue);
        _inference = new InferenceStage(_queue, scorers, _respond, _instrumentation, _pace, policies.CostModel, Overhead, time, logger);
    }

    /// <inheritdoc />
    public event Action<PipelineState>? StateChanged;

    /// <inheritdoc />
    public PipelineState State => (PipelineState)Volatile.Read(ref _state);

    /// <inheritdoc />
    public string CatalogVersion => _scorers.CurrentOrNull?.Catalog.Version ?? string.Empty;

    /// <inheritdoc />
    public int Dimension => _scorers.CurrentOrNull?.InputDimension ?? 0;

    /// <summary>Requests admitted and not yet out of the graph.</summary>
    public int InFlight => _admission.Inside;

    /// <summary>
    /// The inference loop: completes after <see cref="DrainAsync"/> has ended intake, or on its own when
    /// something broke it (then nothing can be scored any more: the pipeline has faulted).
    /// </summary>
    public Task InferenceLoop => _inference.Completion;

    /// <summary>Requests parsed and waiting in the batch queue.</summary>
    internal int Waiting => _queue.Count;

    /// <summary>The measured time of requests outside the queue and predicted inference, which LatencySlo keeps free of its target.</summary>
    internal RequestOverheadModel Overhead { get; }

    /// <summary>Completes once at least <paramref name="count"/> requests wait in the batch queue (for tests).</summary>
    internal Task WhenWaiting(int count) => _queue.WhenWaiting(count);

    /// <summary>Starts serving with <paramref name="scorer"/> (its catalogue loaded and warmed up).</summary>
    public void Activate(IItemScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        _ = _scorers.Replace(scorer);
        if (Interlocked.CompareExchange(ref _state, (int)PipelineState.Serving, (int)PipelineState.Starting) == (int)PipelineState.Starting)
        {
            PipelineLog.Serving(_logger, scorer.Catalog.Version, scorer.Catalog.Count, scorer.Catalog.Dimension);
            StateChanged?.Invoke(PipelineState.Serving);
        }
    }

    /// <inheritdoc />
    public Task<RecallResult> SubmitAsync(RecallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (State != PipelineState.Serving)
        {
            return State == PipelineState.Starting
                ? Refused(request, RecallErrorKind.Unavailable, RsPipelineTelemetry.RefusalReasons.Starting, "the service is starting")
                : Refused(request, RecallErrorKind.Unavailable, RsPipelineTelemetry.RefusalReasons.ShuttingDown, "the service is shutting down");
        }

        if (CheckRequest(request) is { } invalid)
        {
            return Refused(request, RecallErrorKind.InvalidArgument, RsPipelineTelemetry.RefusalReasons.InvalidRequest, invalid);
        }

        if (_maxQueueTime > TimeSpan.Zero && TooLongAWait(request) is { } tooLong)
        {
            return Refused(request, RecallErrorKind.Overloaded, RsPipelineTelemetry.RefusalReasons.QueueTime, tooLong);
        }

        if (!_admission.TryEnter())
        {
            PipelineLog.Overloaded(_logger, _admission.Capacity);
            return Refused(request, RecallErrorKind.Overloaded, RsPipelineTelemetry.RefusalReasons.QueueFull, _queueFullMessage);
        }

        var item = new RecallWorkItem(request, request.TopK ?? _recall.DefaultTopK, _time.GetTimestamp(), DeadlineTimestamp(request.Deadline, _time), _admission)
        {
            DeadlineLead = RecallWorkItem.DeadlineLeadFor(request.Deadline, _time.GetUtcNow().UtcDateTime),
        };
        _instrumentation.Admitted(item);
        item.CompleteWhenCallerGivesUp(_time);
        bool posted;

        // The parse workers must not run later requests under this caller's Activity.Current and async-locals.
        using (ExecutionContext.SuppressFlow())
        {
            posted = _parse.Post(item);
        }

        if (!posted)
        {
            item.Leave(new RecallException(RecallErrorKind.Unavailable, "the service is shutting down"));
        }

        return item.Task;
    }

    /// <summary>
    /// Stops intake (new requests are refused as unavailable), lets every request inside finish
    /// (what waits in the batch queue leaves without waiting for a window), then completes the graph.
    /// Returns early if <paramref name="cancellationToken"/> fires; the drain itself goes on to
    /// Stopped, and a later call waits for it.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        // Only Starting or Serving move to Draining: a second drain must not turn Stopped back.
        PipelineState previous;
        do
        {
            previous = State;
            if (previous is PipelineState.Draining or PipelineState.Stopped)
            {
                await _drained.Task.WaitAsync(cancellationToken);
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _state, (int)PipelineState.Draining, (int)previous) != (int)previous);

        PipelineLog.Draining(_logger, InFlight);
        StateChanged?.Invoke(PipelineState.Draining);
        _ = CompleteGraphAsync();
        await _drained.Task.WaitAsync(cancellationToken);
    }

    // Not bound to any caller's token: once intake has ended, the graph must reach Stopped.
    private async Task CompleteGraphAsync()
    {
        try
        {
            // Completion flows down the graph: parse → queue → inference loop → respond.
            // Stryker disable Boolean : the pipeline runs under no synchronisation context, so resuming on the captured one is resuming on the pool
            _parse.Complete();
            await _inference.Completion.ConfigureAwait(false);
            _respond.Complete();
            await _respond.Completion.ConfigureAwait(false);
            // Stryker restore Boolean
            Volatile.Write(ref _state, (int)PipelineState.Stopped);
            PipelineLog.Drained(_logger);
            StateChanged?.Invoke(PipelineState.Stopped);
            _drained.TrySetResult();
        }
        // Stryker disable Statement,Block : no stage's completion faults (each catches per request, the inference loop per batch); the catch
        // is there so that one that did would reach the drain's callers instead of leaving them waiting
        catch (Exception ex)
        {
            _drained.TrySetException(ex);
        }

        // Stryker restore Statement,Block
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _batching.Changed -= _queue.Wake;
        _queue.Dispose();
        _batching.Dispose();
        _ownedTelemetry?.Dispose();
    }

    // Constant messages: a refusal under overload must cost as little as it can. A request that
    // would go into the next batch is always admitted: no bound can beat one batch, and a pace
    // measured high (a cold first batch) must not refuse everything and so never be measured again.
    private string? TooLongAWait(RecallRequest request)
    {
        var inside = _admission.Inside;
        var maxBatchSize = _batching.Current.MaxBatchSize;
        if (inside < maxBatchSize || _pace.PredictWait(inside, maxBatchSize) is not { } wait)
        {
            return null;
        }

        if (wait > _maxQueueTime)
        {
            return "overloaded: the requests already inside would take longer than Batching:MaxQueueTime to score; retry later";
        }

        return request.Deadline is { } deadline && _time.GetUtcNow().UtcDateTime + wait > deadline
            ? "overloaded: the requests already inside would take longer to score than the call's deadline allows"
            : null;
    }

    private Task<RecallResult> Refused(RecallRequest request, RecallErrorKind kind, string reason, string message)
    {
        _instrumentation.Refused(request, kind, reason, message);
        return Task.FromException<RecallResult>(new RecallException(kind, message));
    }

    private string? CheckRequest(RecallRequest request)
    {
        if ((request.FeatureText is null) == (request.Features is null))
        {
            return "give the user's features either as text or as a vector, exactly one of them";
        }

        if (request.TopK is { } k && (k < 1 || k > _recall.MaxTopK))
        {
            // Stryker disable once Equality : k == 1 gets here only if MaxTopK < 1, which RecallOptionsValidator refuses at start
            return k < 1 ? RecallLimits.TopKTooSmall(k) : RecallLimits.TopKTooLarge(k, _recall.MaxTopK);
        }

        if (request.ExcludedItemIds.Count > _recall.MaxExcludedItems)
        {
            return RecallLimits.TooManyExclusions(request.ExcludedItemIds.Count, _recall.MaxExcludedItems);
        }

        return null;
    }

    /// <summary>A caller's UTC deadline as a <paramref name="time"/> timestamp; <see cref="long.MaxValue"/> for none or one too far to count.</summary>
    internal static long DeadlineTimestamp(DateTime? deadline, TimeProvider time)
    {
        if (deadline is not { } utc)
        {
            return long.MaxValue;
        }

        var remaining = utc - time.GetUtcNow().UtcDateTime;
        var ticks = remaining.TotalSeconds * time.TimestampFrequency;
        var now = time.GetTimestamp();
        return ticks >= long.MaxValue - now ? long.MaxValue : now + (long)ticks;
    }

    // Admission bounds what is inside; a block still counts a message until its delegate returns,
    // and a request may have left (freeing its slot) inside that delegate, so each parallel worker
    // gets one message of headroom: an admitted request is never turned away by a stage.
    private int StageCapacity(int parallelism) => _admission.Capacity + parallelism;
}
