using Grpc.AspNetCore.Server;
using RsPipeline.Host.Admin;
using RsPipeline.Host.Configuration;
using RsPipeline.Host.Health;
using RsPipeline.Host.Lifecycle;
using RsPipeline.Host.Security;
using RsPipeline.Host.Services;
using RsPipeline.Pipeline.Configuration;

namespace RsPipeline.Host;

/// <summary>Registers the gRPC side of the server: options, services, health, reflection.</summary>
public static class RecallServerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the recall gRPC services, their interceptor, the health checks (grpc.health.v1 and HTTP),
    /// the shutdown sequence, server reflection, and the "Server" options (validated at start).
    /// The pipeline itself is registered separately (AddRecallPipeline).
    /// </summary>
    public static IServiceCollection AddRecallServer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<RecallServerOptions, RecallServerOptionsValidator>(configuration, RecallServerOptions.SectionName);
        services.AddServerLifecycle(configuration);
        services.AddOptions<GrpcServiceOptions>().Configure(grpc =>
            grpc.MaxReceiveMessageSize = Math.Max(1, configuration.ReadUnvalidated<RecallServerOptions>(RecallServerOptions.SectionName).MaxReceiveMessageBytes));

        services.AddServerSecurity(configuration);
        services.AddValidatedOptions<AdminOptions, AdminOptionsValidator>(configuration, AdminOptions.SectionName);
        services.AddSingleton<AdminEndpoint>();
        services.AddSingleton(StartUpFiles.From(configuration));
        services.AddSingleton<ReloadPaths>();

        services.AddSingleton<FailureInterceptor>();
        services.AddSingleton<RecallRequestFactory>();
        services.AddGrpc()
            .AddServiceOptions<RsService>(o => o.Interceptors.AddPublicServiceInterceptors())
            .AddServiceOptions<RecallService>(o => o.Interceptors.AddPublicServiceInterceptors())
            .AddServiceOptions<AdminService>(o => o.Interceptors.Add<FailureInterceptor>())
            .AddServiceOptions<Sharding.ShardService>(o => o.Interceptors.Add<FailureInterceptor>());
        services.AddGrpcReflection();
        services.AddServerHealth();
        return services;
    }
}
