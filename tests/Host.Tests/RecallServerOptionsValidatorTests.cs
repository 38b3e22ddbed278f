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
            DrainDelay = TimeSpan.FromSeconds(-1),
        };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        var keys = new[] { "BindAddress", "Port", "MaxReceiveMessageBytes", "MaxUsersPerCall", "MaxStreamsPerConnection", "ShutdownTimeout", "DrainDelay" };
        foreach (var key in keys)
        {
            Assert.Contains(result.Failures!, f => f.StartsWith($"Server:{key} ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:05")]
    [InlineData("00:10:00")]
    public void Validate_DrainDelayZeroOrPositive_Succeeds(string drainDelay)
    {
        var options = new RecallServerOptions { DrainDelay = TimeSpan.Parse(drainDelay, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_DrainDelayPlusShutdownTimeoutBeyondWhatATimerWaits_FailsNamingBoth()
    {
        var options = new RecallServerOptions { DrainDelay = TimeSpan.FromDays(20), ShutdownTimeout = TimeSpan.FromDays(5) };

        var failure = Assert.Single(_validator.Validate(null, options).Failures!);

        Assert.StartsWith("Server:DrainDelay + Server:ShutdownTimeout must be at most ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeWarmUpDuration_FailsNamingIt_AndZeroTurnsItOff()
    {
        var failure = Assert.Single(_validator.Validate(null, new RecallServerOptions { WarmUpDuration = TimeSpan.FromSeconds(-1) }).Failures!);

        Assert.StartsWith("Server:WarmUpDuration must not be negative", failure, StringComparison.Ordinal);
        Assert.True(_validator.Validate(null, new RecallServerOptions { WarmUpDuration = TimeSpan.Zero }).Succeeded);
    }
}
