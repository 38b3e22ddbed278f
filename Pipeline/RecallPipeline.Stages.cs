using System.Diagnostics;
using System.Threading.Tasks.Dataflow;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Parsing;
using RsPipeline.Pipeline.Responding;
using RsPipeline.Pipeline.Telemetry;

namespace RsPipeline.Pipeline;

// The work of each stage. None of these may throw: a stage that threw would fault its block and
// stop the graph, so every failure is turned into the failed requests' errors here.
public sealed partial class RecallPipeline
{
    private static readonly RecallWorkItem[] None = [];

    private RecallWorkItem[] ParseOne(RecallWorkItem item)
    {
        try
        {
            if (item.IsCompleted)
            {
                item.Leave();
                return None;
            }

            var error = RequestParser.Parse(item, _scorers.Current!.InputDimension);
            if (error is null)
            {
                item.ParsedTimestamp = _time.GetTimestamp();
                return [item];
            }

            item.Leave(new RecallException(RecallErrorKind.InvalidArgument, error));
        }
        catch (Exception ex)
        {
            PipelineLog.StageFailed(_logger, "parse", ex);
            item.Leave(new RecallException(RecallErrorKind.Internal, "internal error while parsing the request", ex));
        }

        return None;
    }

    private void DispatchBatch(Batch<RecallWorkItem> batch)
    {
        Interlocked.Increment(ref _batchesInInference);
        var timestamp = batch.DispatchedTimestamp;
        foreach (var item in batch.Items)
        {
            item.BatchedTimestamp = timestamp;
        }

        if (!_ready.Post(batch))
        {
            Interlocked.Decrement(ref _batchesInInference);
            LeaveAll(batch.Items, new RecallException(RecallErrorKind.Unavailable, "the service is shutting down"));
        }
    }

    // The inference stage: one batch at a time. Batches that left the batcher while the previous
    // one was scoring are waiting here; they are scored together, up to MaxBatchSize, so a backlog
    // is worked off in large batches instead of many small ones that each pay a full catalogue pass.
    private async Task InferAsync()
    {
        while (await _ready.OutputAvailableAsync().ConfigureAwait(false))
        {
            if (_ready.TryReceive(out var first))
            {
                RunBatch(TakeWaiting(first));
            }
        }
    }

    private Batch<RecallWorkItem> TakeWaiting(Batch<RecallWorkItem> first)
    {
        var room = _batching.Window.MaxBatchSize - first.Items.Count;
        List<Batch<RecallWorkItem>>? waiting = null;
        while (room > 0 && _ready.TryReceive(b => b.Items.Count <= room, out var next))
        {
            (waiting ??= []).Add(next);
            room -= next.Items.Count;
        }

        return waiting is null ? first : first.Absorb(waiting);
    }

    private void RunBatch(Batch<RecallWorkItem> batch)
    {
        var started = _time.GetTimestamp();
        Activity? activity = null;
        Exception? failure = null;
        try
        {
            activity = _instrumentation.BatchStarted(batch, started);
            var live = DropUnwanted(batch.Items);
            if (live.Count == 0)
            {
                return;
            }

            var inference = new BatchInference(batch.Id, batch.Items.Count, started);
            foreach (var item in live)
            {
                item.Inference = inference;
            }

            try
            {
                // The lease keeps a reload from disposing this scorer until the batch is scored.
                using var lease = _scorers.Acquire();
                _batchScorer.Score(lease.Scorer, live);
                inference.EndedTimestamp = _time.GetTimestamp();
            }
            catch (Exception ex)
            {
                inference.EndedTimestamp = _time.GetTimestamp();
                failure = ex;
                PipelineLog.BatchFailed(_logger, batch.Id, live.Count, ex);
                LeaveAll(live, new RecallException(RecallErrorKind.Internal, $"scoring failed for batch {batch.Id}", ex));
                return;
            }

            foreach (var item in live)
            {
                if (!_respond.Post(item))
                {
                    item.Leave(new RecallException(RecallErrorKind.Internal, "the respond stage refused the request"));
                }
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            PipelineLog.StageFailed(_logger, "inference", ex);
            LeaveAll(batch.Items, new RecallException(RecallErrorKind.Internal, "internal error in the inference stage", ex));
        }
        finally
        {
            Interlocked.Add(ref _batchesInInference, -batch.Parts);
            _batcher.NotifyInferenceIdle();
            EndBatchTelemetry(batch, activity, started, failure);
        }
    }

    // After the batch's requests have moved on: a throwing listener must not fault the stage.
    private void EndBatchTelemetry(Batch<RecallWorkItem> batch, Activity? activity, long started, Exception? failure)
    {
        try
        {
            _instrumentation.BatchEnded(batch, activity, started, failure);
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
            if (item.Request.Deadline is { } deadline && deadline <= now)
            {
                item.Leave(new RecallException(RecallErrorKind.DeadlineExceeded, "the caller's deadline passed before the request was scored"));
            }
            else if (item.IsCompleted || item.Request.CancellationToken.IsCancellationRequested)
            {
                item.Leave(GaveUp(item));
            }
            else
            {
                live.Add(item);
            }
        }

        return live;
    }

    private void RespondOne(RecallWorkItem item)
    {
        try
        {
            var result = ResponseBuilder.Build(item);

            // Out of the graph before the caller sees the answer, so a drained pipeline holds nothing.
            item.Leave();
            item.Succeed(result);
        }
        catch (Exception ex)
        {
            PipelineLog.StageFailed(_logger, "respond", ex);
            item.Leave(new RecallException(RecallErrorKind.Internal, "internal error while building the reply", ex));
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
