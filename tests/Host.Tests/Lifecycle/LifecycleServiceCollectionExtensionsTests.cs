using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RsPipeline.Host.Lifecycle;

namespace RsPipeline.Host.Tests.Lifecycle;

public sealed class LifecycleServiceCollectionExtensionsTests
{
    [Fact]
    public void HostShutdownTimeout_CoversTheDrainDelayAndTheShutdownTimeout()
    {
        var host = HostOptionsFor(new() { ["Server:DrainDelay"] = "00:00:07", ["Server:ShutdownTimeout"] = "00:00:11" });

        Assert.Equal(TimeSpan.FromSeconds(18), host.ShutdownTimeout);
    }

    [Fact]
    public void HostShutdownTimeout_Defaults_AreFiveAndThirtySeconds()
    {
        var host = HostOptionsFor([]);

        Assert.Equal(TimeSpan.FromSeconds(35), host.ShutdownTimeout);
    }

    [Fact]
    public void HostShutdownTimeout_InvalidSettings_LeftToValidation()
    {
        var defaults = new ServiceCollection().AddOptions().BuildServiceProvider().GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;

        var host = HostOptionsFor(new() { ["Server:DrainDelay"] = "-00:00:01" });

        Assert.Equal(defaults, host.ShutdownTimeout);
    }

    private static HostOptions HostOptionsFor(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddServerLifecycle(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<HostOptions>>().Value;
    }
}
