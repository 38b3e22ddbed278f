using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Reload;
using RsPipeline.Pipeline.Responding;
using RsPipeline.Pipeline.Telemetry;

namespace RsPipeline.Pipeline.Inference;

/// <summary>
/// The inference stage: one loop, one batch at a time. It asks the batch queue for a batch whenever
/// it is idle, drops the requests whose callers gave up (they are never scored), scores the rest in
/// one call with the scorer serving now (a lease keeps a reload from disposing it meanwhile), and
/// hands each request to the respond stage. Never throws: a failure fails only its batch's requests.
/// </summary>
internal sealed class InferenceStage
{
    private readonly BatchQueue<RecallWorkItem> _queue;
    private readonly ScorerSlot _scorers;
    private readonly RespondStage _respond;
    private readonly RecallInstrumentation _instrumentation;
    private readonly ScoringPace _pace;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BatchScorer _batchScorer = new();
    private readonly InferenceCostModel _costModel;
    private readonly RequestOverheadModel _overhead;

    public InferenceStage(BatchQueue<RecallWorkItem> queue, ScorerSlot scorers, RespondStage respond, RecallInstrumentation instrumentation, ScoringPace pace, InferenceCostModel costModel, RequestOverheadModel overhead, TimeProvider time, ILogger logger)
    {
        _overhead = overhead;
        _pace = pace;
        _queue = queue;
        _costModel = costModel;
        _scorers = scorers;
        _respond = respond;
        _instrumentation = instrumentation;
        _time = time;
        _logger = logger;
        Completion = Task.Run(RunAsync);
    }

    /// <summary>Completes once the queue has ended and its last batch was scored and handed on.</summary>
    public Task Completion { get; }

    private async Task RunAsync()
    {
        while (await _queue.TakeAsync().ConfigureAwait(false) is { } batch)
        {
            RunBatch(batch);
        }
    }

    private void RunBatch(Batch<RecallWorkItem> batch)
    {
        var started = _time.GetTimestamp();
        Activity? activity = null;
        Exception? failure = null;
        var scored = 0;
        try
        {
            activity = _instrumentation.BatchStarted(batch, started);
            var live = DropUnwanted(batch.Items);
            if (batch.PredictedInference is { } predicted)
            {
                ShedDoomed(batch, live, started, predicted);
            }

            scored = live.Count;
            if (live.Count > 0)
            {
                failure = Score(batch, live, started);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            PipelineLog.StageFailed(_logger, "inference", ex);
            LeaveAll(batch.Items, new RecallException(RecallErrorKind.Internal, "internal error in the inference stage", ex) { IsLogged = true });
        }
        finally
        {
            EndBatchTelemetry(batch, activity, started, scored, failure);
        }
    }

    // Returns the scorer's failure, if any, after failing the batch's requests with it.
    private Exception? Score(Batch<RecallWorkItem> batch, List<RecallWorkItem> live, long started)
    {
        var batchId = batch.Id;
        var inference = new BatchInference(batchId, live.Count, started) { Predicted = batch.PredictedInference };
        foreach (var item in live)
        {
            item.Inference = inference;
        }

        try
        {
            using var lease = _scorers.Acquire();
            using (_scorers.Gate.Enter())
            {
                _batchScorer.Score(lease.Scorer, live);
            }

            inference.EndedTimestamp = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(started, inference.EndedTimestamp);
            _pace.Record(elapsed);
            _costModel.Observe(lease.Scorer, live.Count, elapsed);
        }
        catch (Exception ex)
        {
            inference.EndedTimestamp = _time.GetTimestamp();
            PipelineLog.BatchFailed(_logger, batchId, live.Count, ex);
            // A remote scorer's own failure (UNAVAILABLE naming the shard, DEADLINE_EXCEEDED) reaches the callers as it is.
            LeaveAll(live, ex as RecallException ?? new RecallException(RecallErrorKind.Internal, $"scoring failed for batch {batchId}", ex) { IsLogged = true });
            return ex;
        }

        foreach (var item in live)
        {
            if (!_respond.Post(item))
            {
                item.Leave(new RecallException(RecallErrorKind.Internal, "the respond stage refused the request"));
            }
        }

        return null;
    }

    // After the batch's requests have moved on: a throwing listener must not fault the stage.
    private void EndBatchTelemetry(Batch<RecallWorkItem> batch, Activity? activity, long started, int scored, Exception? failure)
    {
        try
        {
            _instrumentation.BatchEnded(batch, activity, started, scored, failure);
            if (batch.PredictedInference is { } predicted)
            {
                var actual = _time.GetElapsedTime(started);
                BatchingLog.PredictionCompared(_logger, batch.Id, batch.Items.Count, batch.Trigger, predicted.TotalMilliseconds, actual.TotalMilliseconds, _overhead.Current.TotalMilliseconds);
            }
        }
        catch (Exception ex)
        {
            PipelineLog.StageFailed(_logger, "telemetry", ex);
        }
    }

    private List<RecallWorkItem> DropUnwanted(IReadOnlyList<RecallWorkItem> items)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var live = new List<RecallWorkItem>(items.Count);
        foreach (var item in items)
        {
            if (item.IsCompleted || item.Request.CancellationToken.IsCancellationRequested || item.Request.Deadline <= now)
            {
                item.Leave(item.GaveUp(now));
            }
            else
            {
                live.Add(item);
            }
        }

        return live;
    }

    // A request whose deadline falls before the batch's predicted end cannot be answered in time:
    // it fails now, unscored, instead of costing the batch a row and its caller the wait.
    private void ShedDoomed(Batch<RecallWorkItem> batch, List<RecallWorkItem> live, long started, TimeSpan predicted)
    {
        var ends = started + (long)(predicted.TotalSeconds * _time.TimestampFrequency);
        var shed = live.RemoveAll(item =>
        {
            if (item.DeadlineTimestamp >= ends)
            {
                return false;
            }

            item.Leave(new RecallException(RecallErrorKind.DeadlineExceeded, "the request could not be answered before the caller's deadline, and was not scored"));
            return true;
        });
        if (shed > 0)
        {
            _instrumentation.Shed(shed);
            BatchingLog.DoomedShed(_logger, batch.Id, shed);
        }
    }

    private static void LeaveAll(IEnumerable<RecallWorkItem> items, RecallException error)
    {
        foreach (var item in items)
        {
            item.Leave(error);
        }
    }
}
