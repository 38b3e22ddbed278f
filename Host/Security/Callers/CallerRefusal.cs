namespace RsPipeline.Host.Security.Callers;

/// <summary>Why a call was refused before it reached the pipeline.</summary>
public enum CallerRefusal
{
    /// <summary>Tokens are required and the call carried none, or one that is not in Auth:TokensPath.</summary>
    Unauthenticated,

    /// <summary>The caller has used up its requests for now (CallerLimits:RequestsPerPeriod, Burst).</summary>
    RateLimited,

    /// <summary>The caller already has CallerLimits:MaxConcurrentRequests requests in flight.</summary>
    ConcurrencyLimited,
}
