using Grpc.Core;
using Grpc.Net.Client.Configuration;
using RsPipeline.Client;

namespace RsPipeline.Host.Tests.ClientLibrary;

public sealed class DefaultServiceConfigTests
{
    [Fact]
    public void Defaults_RoundRobin_RetriesOnUnavailableAndResourceExhausted_ForTheRecallServicesOnly()
    {
        var config = DefaultServiceConfig.Create(new RsPipelineClientOptions());

        Assert.IsType<RoundRobinConfig>(Assert.Single(config.LoadBalancingConfigs));
        var method = Assert.Single(config.MethodConfigs);
        Assert.Equal(["rs.RSer", "rspipeline.recall.v1.Recall"], method.Names.Select(n => n.Service));
        Assert.All(method.Names, name => Assert.Null(name.Method));
        Assert.Null(method.HedgingPolicy);
        Assert.Equal(3, method.RetryPolicy!.MaxAttempts);
        Assert.Equal([StatusCode.Unavailable, StatusCode.ResourceExhausted], method.RetryPolicy.RetryableStatusCodes);
        Assert.NotNull(config.RetryThrottling);
    }

    [Fact]
    public void HedgingDelay_HedgesInsteadOfRetrying()
    {
        var config = DefaultServiceConfig.Create(new RsPipelineClientOptions { HedgingDelay = TimeSpan.FromMilliseconds(15), MaxAttempts = 2 });

        var method = Assert.Single(config.MethodConfigs);
        Assert.Null(method.RetryPolicy);
        Assert.Equal(2, method.HedgingPolicy!.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(15), method.HedgingPolicy.HedgingDelay);
    }

    [Fact]
    public void OneAttempt_NoRetryNoHedging()
    {
        var method = Assert.Single(DefaultServiceConfig.Create(new RsPipelineClientOptions { MaxAttempts = 1, HedgingDelay = TimeSpan.Zero }).MethodConfigs);

        Assert.Null(method.RetryPolicy);
        Assert.Null(method.HedgingPolicy);
    }
}
