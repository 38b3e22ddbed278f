using Microsoft.Extensions.Configuration;
using RsPipeline.Host.Telemetry;

namespace RsPipeline.Host.Tests;

public sealed class TelemetryOptionsValidatorTests
{
    private static TelemetryOptionsValidator Validator(int serverPort = 50051) =>
        new(new ConfigurationBuilder().AddInMemoryCollection([new("Server:Port", serverPort.ToString(System.Globalization.CultureInfo.InvariantCulture))]).Build());

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(Validator().Validate(null, new TelemetryOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadRatioAndPort_ReportsBothNamingTheirKeys()
    {
        var result = Validator().Validate(null, new TelemetryOptions { SamplingRatio = 1.5, MetricsPort = 70000 });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Telemetry:SamplingRatio ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Telemetry:MetricsPort ", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MetricsPortEqualToServerPort_FailsUnlessTheEndpointIsOff()
    {
        var clash = new TelemetryOptions { MetricsPort = 6000 };

        Assert.Contains("Server:Port", Validator(6000).Validate(null, clash).FailureMessage, StringComparison.Ordinal);
        Assert.True(Validator(6000).Validate(null, new TelemetryOptions { MetricsPort = 6000, PrometheusEndpoint = false }).Succeeded);
    }
}
