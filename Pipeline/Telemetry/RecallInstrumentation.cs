using System.Diagnostics;
using RsPipeline.Pipeline.Batching;
using static RsPipeline.Pipeline.Telemetry.RsPipelineTelemetry;

namespace RsPipeline.Pipeline.Telemetry;

/// <summary>
/// What the pipeline records about requests and batches, on <see cref="RsPipelineTelemetry"/>'s
/// source and instruments, timed by the pipeline's clock. Every method first checks whether anyone
/// listens, so with telemetry off it allocates nothing and formats nothing.
/// </summary>
internal sealed class RecallInstrumentation(RsPipelineTelemetry telemetry, TimeProvider time)
{
    private readonly ActivitySource _source = telemetry.ActivitySource;

    /// <summary>A request refused at admission: counted, and a failed span when sampled.</summary>
    public void Refused(RecallRequest request, RecallErrorKind kind, string reason, string message)
    {
        var outcome = Outcomes.Of(kind);
        if (telemetry.Refusals.Enabled)
        {
            telemetry.Refusals.Add(1, new KeyValuePair<string, object?>(Attributes.RefusalReason, reason));
        }

        CountOutcome(outcome);
        if (_source.HasListeners())
        {
            var now = time.GetUtcNow().UtcDateTime;
            if (DetachedActivity.Start(_source, Spans.Request, ActivityKind.Internal, request.ParentContext, now) is { } activity)
            {
                SetError(activity, outcome, message);
                DetachedActivity.Stop(activity, now);
            }
        }
    }

    /// <summary>Requests failed before scoring because they could not be answered before their deadlines (LatencySlo).</summary>
    public void Shed(int count)
    {
        if (telemetry.Shed.Enabled)
        {
            telemetry.Shed.Add(count);
        }
    }

    /// <summary>A request admitted into the graph: its span starts (when sampled).</summary>
    public void Admitted(RecallWorkItem item)
    {
        if (_source.HasListeners())
        {
            item.Activity = DetachedActivity.Start(_source, Spans.Request, ActivityKind.Internal, item.Request.ParentContext, time.GetUtcNow().UtcDateTime);
            item.Activity?.SetTag(Attributes.TopK, item.TopK);
        }
    }

    /// <summary>An admitted request has its answer or error: its histograms, its outcome, its span and the stage spans under it.</summary>
    public void Completed(RecallWorkItem item, RecallException? error)
    {
        var outcome = error is null ? Outcomes.Ok : Outcomes.Of(error.Kind);
        CountOutcome(outcome);
        var now = time.GetTimestamp();
        var inference = item.Inference;
        if (telemetry.RequestDuration.Enabled)
        {
            telemetry.RequestDuration.Record(Seconds(item.AdmittedTimestamp, now), new KeyValuePair<string, object?>(Attributes.Outcome, outcome));
        }

        if (inference is not null && telemetry.QueueWait.Enabled)
        {
            telemetry.QueueWait.Record(Seconds(item.ParsedTimestamp, inference.StartedTimestamp));
        }

        if (error is null && inference is not null && telemetry.RespondDuration.Enabled)
        {
            telemetry.RespondDuration.Record(Seconds(inference.EndedTimestamp, now));
        }

        if (item.Activity is { } activity)
        {
            item.Activity = null;
            EndRequestSpan(activity, item, error, outcome, now);
        }
    }

    /// <summary>A batch enters inference: its span starts, linked to the span of every request in it (when sampled).</summary>
    public Activity? BatchStarted(Batch<RecallWorkItem> batch, long startedTimestamp)
    {
        if (!_source.HasListeners())
        {
            return null;
        }

        var links = new List<ActivityLink>(batch.Items.Count);
        foreach (var item in batch.Items)
        {
            if (item.Activity is { } request)
            {
                links.Add(new ActivityLink(request.Context));
            }
        }

        var nowUtc = time.GetUtcNow().UtcDateTime;
        var activity = DetachedActivity.Start(_source, Spans.Batch, ActivityKind.Internal, default, nowUtc, links);
        if (activity is not null)
        {
            activity.SetTag(Attributes.BatchId, batch.Id);
            activity.SetTag(Attributes.BatchSize, batch.Items.Count);
            activity.SetTag(Attributes.BatchTrigger, TriggerName(batch.Trigger));
            activity.SetTag(Attributes.BatchQueueWait, Seconds(batch.OldestArrivalTimestamp, startedTimestamp));
        }

        return activity;
    }

    /// <summary>
    /// A batch left inference (scored, failed, or all its requests dropped); <paramref name="scored"/>
    /// of its requests went to the scorer (those whose callers had given up were dropped before).
    /// </summary>
    public void BatchEnded(Batch<RecallWorkItem> batch, Activity? activity, long startedTimestamp, int scored, Exception? failure)
    {
        var now = time.GetTimestamp();
        if (telemetry.InferenceDuration.Enabled)
        {
            telemetry.InferenceDuration.Record(Seconds(startedTimestamp, now));
        }

        // The size of what was scored: a batch whose requests were all dropped scored nothing.
        if (scored > 0 && telemetry.BatchSize.Enabled)
        {
            telemetry.BatchSize.Record(scored);
        }

        var actual = Seconds(startedTimestamp, now);
        if (batch.PredictedInference is { } predicted && telemetry.PredictionError.Enabled)
        {
            telemetry.PredictionError.Record(Math.Abs(actual - predicted.TotalSeconds));
        }

        if (activity is not null)
        {
            if (batch.PredictedInference is { } prediction)
            {
                activity.SetTag(Attributes.BatchPredictedInference, prediction.TotalSeconds);
                activity.SetTag(Attributes.BatchActualInference, actual);
            }

            if (failure is not null)
            {
                SetError(activity, Outcomes.Of(RecallErrorKind.Internal), failure.Message);
            }

            DetachedActivity.Stop(activity, time.GetUtcNow().UtcDateTime);
        }
    }

    private void EndRequestSpan(Activity activity, RecallWorkItem item, RecallException? error, string outcome, long now)
    {
        // Every time on the span and its children from one clock reading, so that they tile exactly.
        var nowUtc = time.GetUtcNow().UtcDateTime;
        activity.SetStartTime(At(item.AdmittedTimestamp));
        if (item.ParsedTimestamp != 0)
        {
            DetachedActivity.Record(_source, Spans.Parse, activity, At(item.AdmittedTimestamp), At(item.ParsedTimestamp));
        }

        if (item.Inference is { } inference)
        {
            activity.SetTag(Attributes.BatchId, inference.Id);
            activity.SetTag(Attributes.BatchSize, inference.Size);
            DetachedActivity.Record(_source, Spans.QueueWait, activity, At(item.ParsedTimestamp), At(inference.StartedTimestamp));
            if (inference.EndedTimestamp != 0)
            {
                DetachedActivity.Record(_source, Spans.Inference, activity, At(inference.StartedTimestamp), At(inference.EndedTimestamp));
                if (error is null)
                {
                    DetachedActivity.Record(_source, Spans.Respond, activity, At(inference.EndedTimestamp), nowUtc);
                }
            }
        }

        if (item.Candidates is { } candidates)
        {
            activity.SetTag(Attributes.CatalogVersion, candidates.Version);
        }

        if (error is not null)
        {
            SetError(activity, outcome, error.Message);
        }

        DetachedActivity.Stop(activity, nowUtc);

        DateTime At(long timestamp) => nowUtc - time.GetElapsedTime(timestamp, now);
    }

    private void CountOutcome(string outcome)
    {
        if (telemetry.Requests.Enabled)
        {
            telemetry.Requests.Add(1, new KeyValuePair<string, object?>(Attributes.Outcome, outcome));
        }
    }

    private double Seconds(long from, long to) => time.GetElapsedTime(from, to).TotalSeconds;

    private static void SetError(Activity activity, string outcome, string message)
    {
        activity.SetStatus(ActivityStatusCode.Error, message);
        activity.SetTag(Attributes.ErrorType, outcome);
    }

    private static string TriggerName(BatchTrigger trigger) => trigger switch
    {
        BatchTrigger.Full => "full",
        BatchTrigger.Window => "window",
        BatchTrigger.Idle => "idle",
        BatchTrigger.Latency => "latency",
        BatchTrigger.Overload => "overload",
        _ => "drain",
    };
}
