using Grpc.Core;
using Grpc.Net.Client.Configuration;

namespace RsPipeline.Client;

/// <summary>
/// The channel's service config: round-robin over every address the name resolves to, and for the
/// recall services (never the admin service, whose reload is no read) retries on UNAVAILABLE and
/// RESOURCE_EXHAUSTED with exponential backoff, or hedging. Either way a server's
/// grpc-retry-pushback-ms replaces the backoff, and retry throttling stops retries from
/// multiplying the load on a server that is failing.
/// </summary>
internal static class DefaultServiceConfig
{
    /// <summary>The services whose calls are retried or hedged: every method of them is a read.</summary>
    public static readonly string[] RetriedServices = ["rs.RSer", "rspipeline.recall.v1.Recall"];

    private const int ThrottlingMaxTokens = 10;
    private const double ThrottlingTokenRatio = 0.1;

    /// <summary>The service config <paramref name="options"/> ask for.</summary>
    public static ServiceConfig Create(RsPipelineClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var method = new MethodConfig();
        foreach (var service in RetriedServices)
        {
            method.Names.Add(new MethodName { Service = service });
        }

        if (options.MaxAttempts > 1)
        {
            if (options.HedgingDelay is { } delay)
            {
                method.HedgingPolicy = Hedging(options.MaxAttempts, delay);
            }
            else
            {
                method.RetryPolicy = Retry(options);
            }
        }

        var config = new ServiceConfig
        {
            LoadBalancingConfigs = { new RoundRobinConfig() },
            MethodConfigs = { method },
            RetryThrottling = new RetryThrottlingPolicy { MaxTokens = ThrottlingMaxTokens, TokenRatio = ThrottlingTokenRatio },
        };
        return config;
    }

    private static RetryPolicy Retry(RsPipelineClientOptions options) => new()
    {
        MaxAttempts = options.MaxAttempts,
        InitialBackoff = options.InitialBackoff,
        MaxBackoff = options.MaxBackoff,
        BackoffMultiplier = options.BackoffMultiplier,
        RetryableStatusCodes = { StatusCode.Unavailable, StatusCode.ResourceExhausted },
    };

    private static HedgingPolicy Hedging(int maxAttempts, TimeSpan delay) => new()
    {
        MaxAttempts = maxAttempts,
        HedgingDelay = delay,
        NonFatalStatusCodes = { StatusCode.Unavailable, StatusCode.ResourceExhausted },
    };
}
