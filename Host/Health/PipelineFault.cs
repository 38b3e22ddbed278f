using RsPipeline.Pipeline;

namespace RsPipeline.Host.Health;

/// <summary>
/// Whether the pipeline has faulted: the one condition under which the process is not live and an
/// orchestrator should restart it. Faulted means one of
/// <list type="bullet">
/// <item>the catalogue or scorer failed to load at start-up (the process is stopping, exit code 1);</item>
/// <item>the inference loop ended without a drain: nothing can be scored any more, and every request would wait for its deadline.</item>
/// </list>
/// Loading or reloading a catalogue, draining and overload are not faults: the process stays live.
/// </summary>
internal sealed class PipelineFault(Func<Task> startupLoading, RecallPipeline pipeline)
{
    /// <summary>Why the pipeline has faulted, or null while it has not.</summary>
    public string? Reason
    {
        get
        {
            if (startupLoading() is { IsFaulted: true } loading)
            {
                return $"the catalogue failed to load at start-up: {loading.Exception!.GetBaseException().Message}";
            }

            // A drain moves the state on before the loop ends, so a loop that ended under Starting or Serving ended by itself.
            var loop = pipeline.InferenceLoop;
            if (loop.IsCompleted && pipeline.State is PipelineState.Starting or PipelineState.Serving)
            {
                return loop.Exception is { } error
                    ? $"the inference loop failed: {error.GetBaseException().Message}"
                    : "the inference loop ended without a drain";
            }

            return null;
        }
    }
}
