using Grpc.AspNetCore.Server;
using Grpc.HealthCheck;
using RsPipeline.Host.Admin;
using RsPipeline.Host.Configuration;
using RsPipeline.Host.Health;
using RsPipeline.Host.Services;
using RsPipeline.Pipeline.Configuration;

namespace RsPipeline.Host;

/// <summary>Registers the gRPC side of the server: options, services, health, reflection.</summary>
public static class RecallServerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the recall gRPC services, their interceptor, the grpc.health.v1 service fed by the
    /// pipeline's state, server reflection, and the "Server" options (validated at start).
    /// The pipeline itself is registered separately (AddRecallPipeline).
    /// </summary>
    public static IServiceCollection AddRecallServer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<RecallServerOptions, RecallServerOptionsValidator>(configuration, RecallServerOptions.SectionName);

        services.AddOptions<HostOptions>().Configure(host =>
        {
            var timeout = configuration.ReadUnvalidated<RecallServerOptions>(RecallServerOptions.SectionName).ShutdownTimeout;
            host.ShutdownTimeout = timeout > TimeSpan.Zero ? timeout : host.ShutdownTimeout;
        });
        services.AddOptions<GrpcServiceOptions>().Configure(grpc =>
            grpc.MaxReceiveMessageSize = Math.Max(1, configuration.ReadUnvalidated<RecallServerOptions>(RecallServerOptions.SectionName).MaxReceiveMessageBytes));

        services.AddValidatedOptions<AdminOptions, AdminOptionsValidator>(configuration, AdminOptions.SectionName);
        services.AddSingleton<AdminEndpoint>();

        services.AddSingleton<FailureInterceptor>();
        services.AddSingleton<RecallRequestFactory>();
        services.AddGrpc()
            .AddServiceOptions<RsService>(o => o.Interceptors.Add<FailureInterceptor>())
            .AddServiceOptions<RecallService>(o => o.Interceptors.Add<FailureInterceptor>())
            .AddServiceOptions<AdminService>(o => o.Interceptors.Add<FailureInterceptor>());
        services.AddGrpcReflection();
        services.AddSingleton<HealthServiceImpl>();
        services.AddHostedService<PipelineHealthReporter>();
        return services;
    }
}
