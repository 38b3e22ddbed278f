using Grpc.AspNetCore.Server;
using Grpc.HealthCheck;
using Microsoft.Extensions.Options;
using RsPipeline.Host.Admin;
using RsPipeline.Host.Configuration;
using RsPipeline.Host.Health;
using RsPipeline.Host.Services;

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
        services.AddOptions<RecallServerOptions>().Bind(configuration.GetSection(RecallServerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RecallServerOptions>, RecallServerOptionsValidator>();

        services.AddOptions<HostOptions>().Configure(host =>
        {
            var timeout = RecallServerOptions.ReadUnvalidated(configuration).ShutdownTimeout;
            host.ShutdownTimeout = timeout > TimeSpan.Zero ? timeout : host.ShutdownTimeout;
        });
        services.AddOptions<GrpcServiceOptions>().Configure(grpc =>
            grpc.MaxReceiveMessageSize = Math.Max(1, RecallServerOptions.ReadUnvalidated(configuration).MaxReceiveMessageBytes));

        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddSingleton<AdminEndpoint>();

        services.AddSingleton<RecallCallInterceptor>();
        services.AddSingleton<RecallRequestFactory>();
        services.AddGrpc()
            .AddServiceOptions<RsService>(o => o.Interceptors.Add<RecallCallInterceptor>())
            .AddServiceOptions<RecallService>(o => o.Interceptors.Add<RecallCallInterceptor>());
        services.AddGrpcReflection();
        services.AddSingleton<HealthServiceImpl>();
        services.AddHostedService<PipelineHealthReporter>();
        return services;
    }
}
