using RsPipeline.Host.Configuration;

namespace RsPipeline.Host.Tests;

public sealed class RecallServerOptionsValidatorTests
{
    private readonly RecallServerOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(_validator.Validate(null, new RecallServerOptions()).Succeeded);
    }

    [Fact]
    public void Validate_ManyBadValues_ReportsEveryOneNamingItsKey()
    {
        var options = new RecallServerOptions
        {
            BindAddress = "not-an-ip",
            Port = 70000,
            MaxReceiveMessageBytes = 10,
            MaxUsersPerCall = 0,
            MaxStreamsPerConnection = 0,
            ShutdownTimeout = TimeSpan.Zero,
        };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        var keys = new[] { "BindAddress", "Port", "MaxReceiveMessageBytes", "MaxUsersPerCall", "MaxStreamsPerConnection", "ShutdownTimeout" };
        foreach (var key in keys)
        {
            Assert.Contains(result.Failures!, f => f.StartsWith($"Server:{key} ", StringComparison.Ordinal));
        }
    }
}
