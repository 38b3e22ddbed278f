using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using RsPipeline.Host.Telemetry;
using RsPipeline.Pipeline;

namespace RsPipeline.Host.Health;

/// <summary>
/// The server's health as ASP.NET Core health checks, tagged readiness or liveness, mapped onto
/// grpc.health.v1 service names (Grpc.AspNetCore.HealthChecks) and onto HTTP /healthz and /readyz on
/// the metrics port, for probes that do not speak gRPC.
/// </summary>
internal static class HealthServiceCollectionExtensions
{
    /// <summary>The HTTP path of liveness on the metrics port: 200 live, 503 not.</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>The HTTP path of readiness on the metrics port: 200 ready, 503 not.</summary>
    public const string ReadinessPath = "/readyz";

    /// <summary>Adds the readiness and liveness checks, their grpc.health.v1 mapping and the reporter that pushes changes to watchers.</summary>
    public static IServiceCollection AddServerHealth(this IServiceCollection services)
    {
        services.AddSingleton(sp => new PipelineFault(() => sp.GetRequiredService<RecallPipelineService>().Loading, sp.GetRequiredService<RecallPipeline>()));
        services.AddGrpcHealthChecks(grpc =>
            {
                foreach (var service in PipelineHealthReporter.ServiceNames)
                {
                    grpc.Services.Map(service, check => check.Tags.Contains(PipelineHealthReporter.ReadinessTag));
                }

                grpc.Services.Map(PipelineHealthReporter.LivenessServiceName, check => check.Tags.Contains(PipelineHealthReporter.LivenessTag));
            })
            .AddCheck<ReadinessHealthCheck>("readiness", tags: [PipelineHealthReporter.ReadinessTag])
            .AddCheck<LivenessHealthCheck>("liveness", tags: [PipelineHealthReporter.LivenessTag]);
        services.AddHostedService<PipelineHealthReporter>();
        return services;
    }

    /// <summary>Maps grpc.health.v1 and, on the metrics endpoint only, /healthz and /readyz.</summary>
    public static WebApplication MapServerHealth(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        var metrics = app.Services.GetRequiredService<MetricsEndpoint>();
        app.UseWhen(metrics.Serves, probes => probes
            .UseHealthChecks(LivenessPath, Tagged(PipelineHealthReporter.LivenessTag))
            .UseHealthChecks(ReadinessPath, Tagged(PipelineHealthReporter.ReadinessTag)));
        return app;
    }

    private static HealthCheckOptions Tagged(string tag) => new() { Predicate = check => check.Tags.Contains(tag) };
}
