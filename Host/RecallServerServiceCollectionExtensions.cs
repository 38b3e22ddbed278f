using System.Globalization;
using Grpc.AspNetCore.Server;
using Grpc.HealthCheck;
using Microsoft.Extensions.Options;
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

        // Read without validation: these are resolved before ValidateOnStart runs, and an invalid
        // value must be reported by validation (with every other error), not as a binder exception here.
        services.AddOptions<HostOptions>().Configure(host => host.ShutdownTimeout = Peek(configuration, nameof(RecallServerOptions.ShutdownTimeout), host.ShutdownTimeout));
        services.AddOptions<GrpcServiceOptions>().Configure(grpc =>
            grpc.MaxReceiveMessageSize = Peek(configuration, nameof(RecallServerOptions.MaxReceiveMessageBytes), RecallServerOptions.DefaultMaxReceiveMessageBytes));

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

    private static int Peek(IConfiguration configuration, string key, int fallback) =>
        int.TryParse(configuration[Key(key)], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private static TimeSpan Peek(IConfiguration configuration, string key, TimeSpan fallback) =>
        TimeSpan.TryParse(configuration[Key(key)], CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero ? value : fallback;

    private static string Key(string name) => RecallServerOptions.SectionName + ":" + name;
}
