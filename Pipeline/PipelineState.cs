namespace RsPipeline.Pipeline;

/// <summary>Where the pipeline is in its life; the host's health service reports it.</summary>
public enum PipelineState
{
    /// <summary>Loading the catalogue or running the warm-up batch; requests are refused as unavailable.</summary>
    Starting,

    /// <summary>Accepting and answering requests.</summary>
    Serving,

    /// <summary>Shutting down: new requests are refused as unavailable, those in flight are finished.</summary>
    Draining,

    /// <summary>Drained and stopped.</summary>
    Stopped,
}
