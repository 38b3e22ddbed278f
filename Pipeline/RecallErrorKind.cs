namespace RsPipeline.Pipeline;

/// <summary>Why a request did not get a result; each maps to one gRPC status code in the host.</summary>
public enum RecallErrorKind
{
    /// <summary>The request itself is malformed (bad vector, wrong dimension, top_k out of range, too many exclusions).</summary>
    InvalidArgument,

    /// <summary>The intake queue is full; the request was refused at once.</summary>
    Overloaded,

    /// <summary>The caller's deadline passed before the request was scored.</summary>
    DeadlineExceeded,

    /// <summary>The caller cancelled before the request was scored.</summary>
    Cancelled,

    /// <summary>The pipeline is not accepting requests (starting or shutting down).</summary>
    Unavailable,

    /// <summary>A fault inside the pipeline (e.g. the scorer threw); only the requests of that batch fail.</summary>
    Internal,
}
