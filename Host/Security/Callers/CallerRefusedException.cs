namespace RsPipeline.Host.Security.Callers;

/// <summary>
/// A call refused because of who made it: not authenticated, or over its caller's limits. Mapped to
/// a status by FailureStatus (UNAUTHENTICATED, or RESOURCE_EXHAUSTED with a retry pushback).
/// </summary>
public sealed class CallerRefusedException : Exception
{
    public CallerRefusedException()
    {
    }

    public CallerRefusedException(string message)
        : base(message)
    {
    }

    public CallerRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A refusal of <paramref name="refusal"/>, with the time after which a retry may pass when known.</summary>
    public CallerRefusedException(CallerRefusal refusal, string message, TimeSpan? retryAfter = null)
        : base(message)
    {
        Refusal = refusal;
        RetryAfter = retryAfter;
    }

    /// <summary>Why the call was refused.</summary>
    public CallerRefusal Refusal { get; }

    /// <summary>How long the caller should wait before trying again; null when waiting would not help.</summary>
    public TimeSpan? RetryAfter { get; }
}
