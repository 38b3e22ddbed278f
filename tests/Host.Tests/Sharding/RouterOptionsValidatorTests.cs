using RsPipeline.Host.Routing;

namespace RsPipeline.Host.Tests.Sharding;

public class RouterOptionsValidatorTests
{
    [Fact]
    public void Defaults_AndWellFormedShardAddresses_AreValid()
    {
        var options = new RouterOptions { HedgingDelay = TimeSpan.FromMilliseconds(20) };
        options.Shards.Add("dns:///rspipeline-shard-0.rspipeline:50051");
        options.Shards.Add("http://127.0.0.1:5001,http://127.0.0.1:5002");

        Assert.True(new RouterOptionsValidator().Validate(null, new RouterOptions()).Succeeded);
        Assert.True(new RouterOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void EveryProblem_IsReportedNamingItsKey()
    {
        var options = new RouterOptions { MaxAttempts = 6, HedgingDelay = TimeSpan.Zero, MaxCallTime = TimeSpan.Zero };
        options.Shards.Add("127.0.0.1:5001");
        options.Shards.Add(" ");
        options.Shards.Add("http://127.0.0.1:5001,ftp://x:1");

        var failures = new RouterOptionsValidator().Validate(null, options).Failures!.ToArray();

        Assert.Equal(6, failures.Length);
        Assert.StartsWith("Router:Shards:0 is '127.0.0.1:5001': ", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("Router:Shards:1 is ' ': empty", failures[1], StringComparison.Ordinal);
        Assert.Equal("Router:Shards:2 is 'http://127.0.0.1:5001,ftp://x:1': 'ftp://x:1' is not http://host:port or https://host:port", failures[2]);
        Assert.StartsWith("Router:MaxAttempts must be between 1 and 5, was 6", failures[3], StringComparison.Ordinal);
        Assert.StartsWith("Router:HedgingDelay must be > 0", failures[4], StringComparison.Ordinal);
        Assert.StartsWith("Router:MaxCallTime must be > 0", failures[5], StringComparison.Ordinal);
    }
}
