using RsPipeline.Host.Configuration;
using RsPipeline.Pipeline.Configuration;

namespace RsPipeline.Host.Lifecycle;

/// <summary>Registers how the server starts and stops: the shutdown sequence, the host's shutdown timeout, the start-up summary.</summary>
internal static class LifecycleServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="CallIntake"/> and the <see cref="ShutdownSequence"/> and gives the host Server:DrainDelay +
    /// Server:ShutdownTimeout to stop (invalid values are left to validation, which stops start-up),
    /// and the <see cref="StartupSummary"/> logged once the pipeline serves, and the <see cref="RequestPathWarmUp"/> readiness waits for.
    /// </summary>
    public static IServiceCollection AddServerLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CallIntake>();
        services.AddSingleton<ShutdownSequence>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownSequence>());
        services.AddHostedService<StartupSummary>();
        services.AddSingleton<RequestPathWarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<RequestPathWarmUp>());
        services.AddOptions<HostOptions>().Configure(host =>
        {
            var server = configuration.ReadUnvalidated<RecallServerOptions>(RecallServerOptions.SectionName);
            if (new RecallServerOptionsValidator().Validate(null, server).Succeeded)
            {
                host.ShutdownTimeout = server.DrainDelay + server.ShutdownTimeout;
            }
        });
        return services;
    }
}
