using System.Threading.Tasks.Dataflow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Telemetry;

namespace RsPipeline.Pipeline;

/// <summary>
/// The recall graph: parse (parallel) → windowed batch → inference (one batch at a time) →
/// respond (parallel). Admission is bounded: at most QueueCapacity requests are inside at once,
/// and a request past that is refused at once. Every request completes exactly once; a fault
/// fails only the requests it concerns and the graph keeps serving.
/// </summary>
public sealed partial class RecallPipeline : IRecallPipeline, IDisposable
{
    private readonly LiveBatchingSettings _batching;
    private readonly RecallOptions _recall;
    private readonly TimeProvider _time;
    private readonly ILogger<RecallPipeline> _logger;
    private readonly TransformManyBlock<RecallWorkItem, RecallWorkItem> _parse;
    private readonly ActionBlock<RecallWorkItem> _enqueue;
    private readonly BufferBlock<Batch<RecallWorkItem>> _ready;
    private readonly Task _inference;
    private readonly ActionBlock<RecallWorkItem> _respond;
    private readonly WindowedBatcher<RecallWorkItem> _batcher;
    private readonly BatchScorer _batchScorer = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<RecallWorkItem> _onLeft;
    private readonly Action<RecallWorkItem, RecallException?> _onCompleted;
    private readonly RecallInstrumentation _instrumentation;
    private readonly RsPipelineTelemetry? _ownedTelemetry;
    private readonly int _capacity;
    private readonly ScorerSlot _scorers = new();
    private int _inside;
    private int _batchesInInference;
    private int _state = (int)PipelineState.Starting;

    /// <summary>
    /// Builds the graph; it refuses requests until <see cref="Activate"/>. Spans and metrics go to
    /// <paramref name="telemetry"/>, or to an instance of the pipeline's own (same names) when null.
    /// </summary>
    public RecallPipeline(LiveBatchingSettings batching, IOptions<RecallOptions> recall, TimeProvider time, ILogger<RecallPipeline> logger, RsPipelineTelemetry? telemetry = null)
    {
        ArgumentNullException.ThrowIfNull(batching);
        ArgumentNullException.ThrowIfNull(recall);
        _batching = batching;
        _recall = recall.Value;
        _time = time;
        _logger = logger;
        _onLeft = OnLeft;
        _ownedTelemetry = telemetry is null ? new RsPipelineTelemetry() : null;
        telemetry ??= _ownedTelemetry!;
        telemetry.ObserveQueueDepth(() => InFlight);
        _instrumentation = new RecallInstrumentation(telemetry, time);
        _onCompleted = _instrumentation.Completed;
        var atStart = batching.AtStart;
        _capacity = atStart.QueueCapacity;
        _parse = new TransformManyBlock<RecallWorkItem, RecallWorkItem>(
            ParseOne,
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = atStart.ParseParallelism, BoundedCapacity = StageCapacity(atStart.ParseParallelism), EnsureOrdered = true });
        _enqueue = new ActionBlock<RecallWorkItem>(
            item => _batcher!.Add(item),
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = 1, BoundedCapacity = _capacity });
        _ready = new BufferBlock<Batch<RecallWorkItem>>(new DataflowBlockOptions { BoundedCapacity = _capacity });
        _respond = new ActionBlock<RecallWorkItem>(
            RespondOne,
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = atStart.RespondParallelism, BoundedCapacity = StageCapacity(atStart.RespondParallelism) });
        _parse.LinkTo(_enqueue, new DataflowLinkOptions { PropagateCompletion = true });
        _batcher = new WindowedBatcher<RecallWorkItem>(() => _batching.Window, time, DispatchBatch, () => Volatile.Read(ref _batchesInInference) == 0);
        _inference = Task.Run(InferAsync);
    }

    /// <inheritdoc />
    public event Action<PipelineState>? StateChanged;

    /// <inheritdoc />
    public PipelineState State => (PipelineState)Volatile.Read(ref _state);

    /// <inheritdoc />
    public string CatalogVersion => _scorers.Current?.Catalog.Version ?? string.Empty;

    /// <inheritdoc />
    public int Dimension => _scorers.Current?.InputDimension ?? 0;

    /// <summary>Requests admitted and not yet out of the graph.</summary>
    public int InFlight => Volatile.Read(ref _inside);

    /// <summary>Batches formed and waiting for the inference stage (for tests).</summary>
    internal int WaitingBatches => _ready.Count;

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

        if (!TryAdmit())
        {
            PipelineLog.Overloaded(_logger, _capacity);
            return Refused(request, RecallErrorKind.Overloaded, RsPipelineTelemetry.RefusalReasons.QueueFull, $"overloaded: {_capacity} requests already waiting; retry later");
        }

        var item = new RecallWorkItem(request, request.TopK ?? _recall.DefaultTopK, _time.GetTimestamp(), _onLeft, _onCompleted);
        _instrumentation.Admitted(item);
        item.CompleteWhenCallerGivesUp(GaveUp);
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
    /// Stops intake (new requests are refused as unavailable), finishes every request inside, then
    /// completes the graph. Returns early, leaving the rest to finish, if <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var previous = (PipelineState)Interlocked.Exchange(ref _state, (int)PipelineState.Draining);
        if (previous is PipelineState.Draining or PipelineState.Stopped)
        {
            await _drained.Task.WaitAsync(cancellationToken);
            return;
        }

        PipelineLog.Draining(_logger, InFlight);
        StateChanged?.Invoke(PipelineState.Draining);
        _parse.Complete();
        await _enqueue.Completion.WaitAsync(cancellationToken);
        _batcher.Flush();
        if (Volatile.Read(ref _inside) == 0)
        {
            _drained.TrySetResult();
        }

        await _drained.Task.WaitAsync(cancellationToken);
        _ready.Complete();
        _respond.Complete();
        await Task.WhenAll(_inference, _respond.Completion).WaitAsync(cancellationToken);
        Volatile.Write(ref _state, (int)PipelineState.Stopped);
        PipelineLog.Drained(_logger);
        StateChanged?.Invoke(PipelineState.Stopped);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _batcher.Dispose();
        _batching.Dispose();
        _ownedTelemetry?.Dispose();
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
            return k < 1 ? RecallLimits.TopKTooSmall(k) : RecallLimits.TopKTooLarge(k, _recall.MaxTopK);
        }

        if (request.ExcludedItemIds.Count > _recall.MaxExcludedItems)
        {
            return RecallLimits.TooManyExclusions(request.ExcludedItemIds.Count, _recall.MaxExcludedItems);
        }

        return null;
    }

    private RecallException GaveUp(RecallWorkItem item) =>
        item.Request.Deadline is { } deadline && deadline <= _time.GetUtcNow().UtcDateTime
            ? new RecallException(RecallErrorKind.DeadlineExceeded, "the caller's deadline passed before the request was scored")
            : new RecallException(RecallErrorKind.Cancelled, "the caller cancelled the request before it was scored");

    // Admission bounds what is inside; a block still counts a message until its delegate returns,
    // and a request may have left (freeing its slot) inside that delegate, so each parallel worker
    // gets one message of headroom: an admitted request is never turned away by a stage.
    private int StageCapacity(int parallelism) => _capacity + parallelism;

    // A compare-and-swap rather than increment-then-undo, so the count (and the queue-depth gauge)
    // never reads above capacity, not even for an instant.
    private bool TryAdmit()
    {
        var inside = Volatile.Read(ref _inside);
        while (inside < _capacity)
        {
            var seen = Interlocked.CompareExchange(ref _inside, inside + 1, inside);
            if (seen == inside)
            {
                return true;
            }

            inside = seen;
        }

        return false;
    }

    private void OnLeft(RecallWorkItem item)
    {
        if (Interlocked.Decrement(ref _inside) == 0 && State == PipelineState.Draining)
        {
            _drained.TrySetResult();
        }
    }
}
