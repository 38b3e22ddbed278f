using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RsPipeline.Pipeline.Telemetry;

/// <summary>
/// The pipeline's one <see cref="System.Diagnostics.ActivitySource"/> and one
/// <see cref="System.Diagnostics.Metrics.Meter"/>, both named <see cref="Name"/>, with every span,
/// attribute and instrument name in one place. With no listener attached (telemetry off), spans
/// are not created and instruments are disabled, so recording costs a flag check.
/// </summary>
public sealed partial class RsPipelineTelemetry : IDisposable
{
    /// <summary>The name of the ActivitySource and of the Meter (AddSource / AddMeter).</summary>
    public const string Name = "RsPipeline";

    /// <summary>The version reported with the ActivitySource and the Meter (of the names below).</summary>
    public const string Version = "1.0.0";

    // Durations from half a millisecond to five seconds: a batch window is ~1-5 ms, a deadline ~1 s.
    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5];
    private static readonly int[] BatchSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    // Catalogue loads from a tenth of a second (a small file, warm cache) to ten minutes (a large one on a slow volume).
    private static readonly double[] CatalogLoadBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 600];

    private readonly bool _ownsMeter;
    private Func<int>? _queueDepth;

    /// <summary>Creates the source and the meter; the meter comes from <paramref name="meterFactory"/> when given (the host's).</summary>
    public RsPipelineTelemetry(IMeterFactory? meterFactory = null)
    {
        var meterOptions = new MeterOptions(Name) { Version = Version };
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(meterOptions) ?? new Meter(meterOptions);
        ActivitySource = new ActivitySource(new ActivitySourceOptions(Name) { Version = Version });
        RequestDuration = Meter.CreateHistogram<double>(Instruments.RequestDuration, "s", "Time from admission to the answer, per admitted request, by outcome.", advice: new() { HistogramBucketBoundaries = DurationBuckets });
        QueueWait = Meter.CreateHistogram<double>(Instruments.QueueWait, "s", "Time a scored request waited between parsing and the start of its batch's inference.", advice: new() { HistogramBucketBoundaries = DurationBuckets });
        RespondDuration = Meter.CreateHistogram<double>(Instruments.RespondDuration, "s", "Time from the end of a request's inference to its answer (top-k, ids, reply).", advice: new() { HistogramBucketBoundaries = DurationBuckets });
        InferenceDuration = Meter.CreateHistogram<double>(Instruments.InferenceDuration, "s", "Time the inference stage spent on one batch.", advice: new() { HistogramBucketBoundaries = DurationBuckets });
        BatchSize = Meter.CreateHistogram<int>(Instruments.BatchSize, "{request}", "Requests in each batch that reached inference.", advice: new() { HistogramBucketBoundaries = BatchSizeBuckets });
        PredictionError = Meter.CreateHistogram<double>(Instruments.PredictionError, "s", "How far a batch's inference time was from the time LatencySlo predicted for it (absolute).", advice: new() { HistogramBucketBoundaries = DurationBuckets });
        Shed = Meter.CreateCounter<long>(Instruments.Shed, "{request}", "Requests failed with DEADLINE_EXCEEDED before scoring because their batch could not end before their deadline (LatencySlo).");
        Requests = Meter.CreateCounter<long>(Instruments.Requests, "{request}", "Requests answered, by outcome (refusals included).");
        Refusals = Meter.CreateCounter<long>(Instruments.Refusals, "{request}", "Requests refused at admission, by reason.");
        Meter.CreateObservableGauge(Instruments.QueueDepth, () => _queueDepth?.Invoke() ?? 0, "{request}", "Requests admitted and not yet out of the pipeline.");
        CatalogLoadDuration = Meter.CreateHistogram<double>(Instruments.CatalogLoadDuration, "s", "Time to load and warm up a catalogue, at start-up or on a reload, by kind and outcome.", advice: new() { HistogramBucketBoundaries = CatalogLoadBuckets });
        Meter.CreateObservableGauge(Instruments.CatalogInfo, ObserveCatalogInfo, description: "1 for the version of the catalogue serving, as its attribute; nothing before the first one serves.");
        Meter.CreateObservableGauge(Instruments.CatalogItems, ObserveCatalogItems, "{item}", "Items in the catalogue serving.");
    }

    /// <summary>The pipeline's spans: <see cref="Spans"/>.</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>The pipeline's instruments: <see cref="Instruments"/>.</summary>
    public Meter Meter { get; }

    internal Histogram<double> RequestDuration { get; }

    internal Histogram<double> QueueWait { get; }

    internal Histogram<double> RespondDuration { get; }

    internal Histogram<double> InferenceDuration { get; }

    internal Histogram<int> BatchSize { get; }

    internal Counter<long> Requests { get; }

    internal Histogram<double> PredictionError { get; }

    internal Counter<long> Shed { get; }

    internal Counter<long> Refusals { get; }

    internal Histogram<double> CatalogLoadDuration { get; }

    /// <summary>Makes <paramref name="inFlight"/> the source of the queue-depth gauge (one pipeline per telemetry instance).</summary>
    public void ObserveQueueDepth(Func<int> inFlight) => _queueDepth = inFlight;

    /// <inheritdoc />
    public void Dispose()
    {
        ActivitySource.Dispose();
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    /// <summary>Span names.</summary>
    public static class Spans
    {
        /// <summary>One request, admission to answer; child of the caller's span (the gRPC server span).</summary>
        public const string Request = "recall.request";

        /// <summary>Child of a request: admission to parsed (waiting for and running the parse stage).</summary>
        public const string Parse = "recall.parse";

        /// <summary>Child of a request: parsed to the start of its batch's inference (the batch window, then waiting for the inference stage).</summary>
        public const string QueueWait = "recall.queue_wait";

        /// <summary>Child of a request: its batch's inference.</summary>
        public const string Inference = "recall.inference";

        /// <summary>Child of a request: end of inference to the answer (top-k, ids, reply).</summary>
        public const string Respond = "recall.respond";

        /// <summary>One batch's inference; a root span with a link to every request span in the batch.</summary>
        public const string Batch = "recall.batch";
    }

    /// <summary>Attribute (tag) names, on spans and on instruments.</summary>
    public static class Attributes
    {
        /// <summary>int: the number of ids the request is answered with (its top_k or the default).</summary>
        public const string TopK = "rspipeline.request.top_k";

        /// <summary>string: how the request ended: ok, invalid_argument, overloaded, deadline_exceeded, cancelled, unavailable, internal (<see cref="Outcomes"/>).</summary>
        public const string Outcome = "rspipeline.request.outcome";

        /// <summary>string: why admission refused the request (<see cref="RefusalReasons"/>).</summary>
        public const string RefusalReason = "rspipeline.refusal.reason";

        /// <summary>long: the batch's sequence number, from 1.</summary>
        public const string BatchId = "rspipeline.batch.id";

        /// <summary>int: requests in the batch.</summary>
        public const string BatchSize = "rspipeline.batch.size";

        /// <summary>string: why the batch left for inference: full, window, idle, drain, latency or overload.</summary>
        public const string BatchTrigger = "rspipeline.batch.trigger";

        /// <summary>double, seconds: how long the batch's oldest request waited from joining the batch to the start of inference.</summary>
        public const string BatchQueueWait = "rspipeline.batch.queue_wait";

        /// <summary>double, seconds: the inference time LatencySlo predicted for the batch (only under that policy).</summary>
        public const string BatchPredictedInference = "rspipeline.batch.inference.predicted";

        /// <summary>double, seconds: the inference time the batch took, beside its prediction (only under LatencySlo).</summary>
        public const string BatchActualInference = "rspipeline.batch.inference.actual";

        /// <summary>string: the version of the catalogue that scored the request.</summary>
        public const string CatalogVersion = "rspipeline.catalog.version";

        /// <summary>string: the failure's kind (the outcome) on a failed request's span (OpenTelemetry's error.type).</summary>
        public const string ErrorType = "error.type";

        /// <summary>string: the catalogue's version on <see cref="Instruments.CatalogInfo"/> (plain "version", as Prometheus info metrics name it).</summary>
        public const string CatalogInfoVersion = "version";

        /// <summary>string: when a catalogue was loaded (<see cref="CatalogLoadKinds"/>).</summary>
        public const string CatalogLoadKind = "rspipeline.catalog.load.kind";

        /// <summary>string: how a catalogue load ended (<see cref="CatalogLoadOutcomes"/>).</summary>
        public const string CatalogLoadOutcome = "rspipeline.catalog.load.outcome";
    }

    /// <summary>Instrument names (lower-dot case; units in each description).</summary>
    public static class Instruments
    {
        /// <summary>Histogram, s, by <see cref="Attributes.Outcome"/>.</summary>
        public const string RequestDuration = "rspipeline.request.duration";

        /// <summary>Histogram, s.</summary>
        public const string QueueWait = "rspipeline.request.queue_wait";

        /// <summary>Histogram, s.</summary>
        public const string RespondDuration = "rspipeline.request.respond.duration";

        /// <summary>Histogram, s.</summary>
        public const string InferenceDuration = "rspipeline.batch.inference.duration";

        /// <summary>Histogram, {request}; buckets 1, 2, 4, ..., 1024.</summary>
        public const string BatchSize = "rspipeline.batch.size";

        /// <summary>Counter, {request}, by <see cref="Attributes.Outcome"/>.</summary>
        public const string Requests = "rspipeline.requests";

        /// <summary>Histogram, s: |actual − predicted| inference time of each batch formed by LatencySlo.</summary>
        public const string PredictionError = "rspipeline.batch.inference.prediction_error";

        /// <summary>Counter, {request}: requests failed DEADLINE_EXCEEDED before scoring (LatencySlo).</summary>
        public const string Shed = "rspipeline.requests.shed";

        /// <summary>Counter, {request}, by <see cref="Attributes.RefusalReason"/>.</summary>
        public const string Refusals = "rspipeline.requests.refused";

        /// <summary>Observable gauge, {request}: requests inside the pipeline.</summary>
        public const string QueueDepth = "rspipeline.queue.depth";

        /// <summary>Observable gauge: 1, with the serving catalogue's version as <see cref="Attributes.CatalogInfoVersion"/>.</summary>
        public const string CatalogInfo = "rspipeline.catalog.info";

        /// <summary>Observable gauge, {item}: items in the serving catalogue.</summary>
        public const string CatalogItems = "rspipeline.catalog.items";

        /// <summary>Histogram, s, by <see cref="Attributes.CatalogLoadKind"/> and <see cref="Attributes.CatalogLoadOutcome"/>: loading and warming up a catalogue.</summary>
        public const string CatalogLoadDuration = "rspipeline.catalog.load.duration";
    }

    /// <summary>Values of <see cref="Attributes.CatalogLoadKind"/>.</summary>
    public static class CatalogLoadKinds
    {
        /// <summary>The catalogue loaded at start-up.</summary>
        public const string Start = "start";

        /// <summary>A catalogue reload (the admin service).</summary>
        public const string Reload = "reload";
    }

    /// <summary>Values of <see cref="Attributes.CatalogLoadOutcome"/>.</summary>
    public static class CatalogLoadOutcomes
    {
        /// <summary>Loaded, warmed up and serving.</summary>
        public const string Ok = "ok";

        /// <summary>Not serving: at start-up the process stops; on a reload the previous catalogue keeps serving.</summary>
        public const string Failed = "failed";
    }

    /// <summary>Values of <see cref="Attributes.Outcome"/>, one per <see cref="RecallErrorKind"/> plus ok.</summary>
    public static class Outcomes
    {
        /// <summary>Answered.</summary>
        public const string Ok = "ok";

        /// <summary>The outcome name of a failure kind (snake case, as gRPC status names read).</summary>
        public static string Of(RecallErrorKind kind) => kind switch
        {
            RecallErrorKind.InvalidArgument => "invalid_argument",
            RecallErrorKind.Overloaded => "overloaded",
            RecallErrorKind.DeadlineExceeded => "deadline_exceeded",
            RecallErrorKind.Cancelled => "cancelled",
            RecallErrorKind.Unavailable => "unavailable",
            _ => "internal",
        };
    }

    /// <summary>Values of <see cref="Attributes.RefusalReason"/>.</summary>
    public static class RefusalReasons
    {
        /// <summary>QueueCapacity requests were already inside (RESOURCE_EXHAUSTED).</summary>
        public const string QueueFull = "queue_full";

        /// <summary>The work inside would take longer than Batching:MaxQueueTime, or outlast the request's deadline (RESOURCE_EXHAUSTED).</summary>
        public const string QueueTime = "queue_time";

        /// <summary>The catalogue is still loading (UNAVAILABLE).</summary>
        public const string Starting = "starting";

        /// <summary>The pipeline is draining for shutdown (UNAVAILABLE).</summary>
        public const string ShuttingDown = "shutting_down";

        /// <summary>The request broke a limit checked at admission (INVALID_ARGUMENT); a bad vector is found later, by the parse stage.</summary>
        public const string InvalidRequest = "invalid_request";
    }
}
