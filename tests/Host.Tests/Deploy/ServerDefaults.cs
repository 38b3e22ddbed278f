using System.Globalization;
using Microsoft.Extensions.Configuration;
using RsPipeline.Host.Tests.Infrastructure;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>The server's defaults as config/appsettings.json states them: what the deploy files must agree with.</summary>
public static class ServerDefaults
{
    private static readonly Lazy<IConfiguration> LazyConfiguration = new(() =>
        new ConfigurationBuilder().AddJsonFile(RepositoryRoot.Combine("config/appsettings.json"), optional: false, reloadOnChange: false).Build());

    public static IConfiguration Configuration => LazyConfiguration.Value;

    /// <summary>Every key with a value (Section:Key).</summary>
    public static IReadOnlySet<string> Keys => Configuration.AsEnumerable().Where(p => p.Value is not null).Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static int Port => Int("Server:Port");

    public static int MetricsPort => Int("Telemetry:MetricsPort");

    public static int QueueCapacity => Int("Batching:QueueCapacity");

    public static TimeSpan ShutdownTimeout => TimeSpan.Parse(Configuration["Server:ShutdownTimeout"]!, CultureInfo.InvariantCulture);

    /// <summary>On SIGTERM: how long health says NOT_SERVING while calls are still accepted.</summary>
    public static TimeSpan DrainDelay => TimeSpan.Parse(Configuration["Server:DrainDelay"] ?? throw new InvalidOperationException("Server:DrainDelay is not in appsettings.json"), CultureInfo.InvariantCulture);

    private static int Int(string key) => int.Parse(Configuration[key] ?? throw new InvalidOperationException($"{key} is not in appsettings.json"), CultureInfo.InvariantCulture);
}
