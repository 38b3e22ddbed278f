using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using RsPipeline.Gpu;
using RsPipeline.Host.Admin;
using RsPipeline.Host.Configuration;
using RsPipeline.Host.Connections;
using RsPipeline.Host.Health;
using RsPipeline.Host.Routing;
using RsPipeline.Host.Security.Tls;
using RsPipeline.Host.Services;
using RsPipeline.Host.Telemetry;
using RsPipeline.Pipeline;
using RsPipeline.Torch;
using RsPipeline.Pipeline.Configuration;

namespace RsPipeline.Host;

/// <summary>
/// Builds and runs the RsPipeline gRPC server. <see cref="CreateBuilder"/> and <see cref="Build"/>
/// are separate so that tests can change services (e.g. decorate the pipeline) in between.
/// </summary>
public static class RsPipelineServer
{
    /// <summary>Exit code when start-up failed for a reason other than configuration.</summary>
    public const int ExitStartupFailed = 1;

    /// <summary>Exit code when the configuration is invalid (the log names each bad key).</summary>
    public const int ExitInvalidConfiguration = 2;

    /// <summary>
    /// A builder with the configuration layered (config/appsettings.json, the profile, environment,
    /// command line), Kestrel on Server:BindAddress:Server:Port (HTTP/2 only: h2c, or TLS with Server:Tls) and, for
    /// Prometheus, on Telemetry:MetricsPort (HTTP/1.1), and the server's, the pipeline's and the
    /// telemetry's services registered.
    /// </summary>
    /// <exception cref="ProfileNotFoundException">The configuration folder or the profile's file is missing.</exception>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var layout = ConfigurationLayout.Resolve(args, Environment.GetEnvironmentVariable);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        UseLayout(builder.Configuration, layout, args);
        builder.Services.AddSingleton(layout);
        builder.Services.AddRecallServer(builder.Configuration);
        var metrics = new MetricsEndpoint();
        builder.Services.AddSingleton(metrics);

        // Before the pipeline: hosted services start in this order, and the catalogue's start-up load is measured.
        builder.Services.AddRecallTelemetry(builder.Configuration);
        builder.Services.AddRecallPipeline(builder.Configuration);
        builder.Services.AddShardRouter(builder.Configuration);
        builder.Services.AddTorchInference(builder.Configuration);
        builder.Services.AddGpuScorer(builder.Configuration);
        builder.WebHost.ConfigureKestrel((context, kestrel) => ConfigureKestrel(context, kestrel, metrics));
        return builder;
    }

    /// <summary>Builds the application and maps the gRPC services, health, reflection (unless Server:Reflection is false) and (on its own port) /metrics, /healthz and /readyz.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        if (app.Configuration.ReadUnvalidated<TelemetryOptions>(TelemetryOptions.SectionName) is { Enabled: true, PrometheusEndpoint: true })
        {
            var metrics = app.Services.GetRequiredService<MetricsEndpoint>();
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context => metrics.Serves(context) && context.Request.Path == TelemetryOptions.MetricsPath);
        }
        app.MapGrpcService<RsService>();
        app.MapGrpcService<RecallService>();
        app.MapGrpcService<Sharding.ShardService>();
        app.MapServerHealth();
        if (app.Configuration.ReadUnvalidated<AdminOptions>(AdminOptions.SectionName).Enabled)
        {
            app.MapGrpcService<AdminService>();
        }

        if (app.Configuration.ReadUnvalidated<RecallServerOptions>(RecallServerOptions.SectionName).Reflection)
        {
            app.MapGrpcReflectionService();
        }

        return app;
    }

    /// <summary>The admin endpoint's address once started (with the real port when Admin:Port was 0), or null when Admin:Enabled is false.</summary>
    public static string? AdminAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<AdminEndpoint>().Address;
    }

    /// <summary>The gRPC addresses the server listens on once started (with the real port when Server:Port was 0); not the metrics or probe listeners.</summary>
    public static IReadOnlyCollection<string> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var metricsPort = app.Services.GetRequiredService<MetricsEndpoint>().Port;
        var probePort = app.Configuration.ReadUnvalidated<TlsOptions>(TlsOptions.SectionName).ProbePort;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return addresses.Where(address => (metricsPort == 0 || new Uri(address).Port != metricsPort) && (probePort == 0 || new Uri(address).Port != probePort)).ToArray();
    }

    /// <summary>Where Prometheus scrapes once the server has started (http://address:port/metrics); null without a metrics endpoint.</summary>
    public static Uri? MetricsAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var metrics = app.Services.GetRequiredService<MetricsEndpoint>();
        if (metrics.Port == 0)
        {
            return null;
        }

        var address = IPAddress.Parse(app.Configuration.ReadUnvalidated<RecallServerOptions>(RecallServerOptions.SectionName).BindAddress);
        var host = address.Equals(IPAddress.Any) ? IPAddress.Loopback : address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : address;
        return new UriBuilder(Uri.UriSchemeHttp, host.ToString(), metrics.Port, TelemetryOptions.MetricsPath).Uri;
    }

    /// <summary>
    /// Runs the server until SIGTERM / Ctrl+C, then stops as <see cref="Lifecycle.ShutdownSequence"/>
    /// says (not ready at once, calls accepted for Server:DrainDelay, then intake stopped and the
    /// calls in flight finished) and returns 0; returns <see cref="ExitInvalidConfiguration"/> or
    /// <see cref="ExitStartupFailed"/> when it cannot start.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(CreateBuilder(args));
        }
        catch (Exception ex) when (ExitCodeFor(ex) is { } exitCode)
        {
            using var loggerFactory = StartupLogging.CreateLoggerFactory(args);
            Report(loggerFactory.CreateLogger(typeof(RsPipelineServer).FullName!), ex, exitCode);
            return exitCode;
        }

        await using (app)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RsPipelineServer).FullName!);
            try
            {
                await app.StartAsync();
            }
            catch (Exception ex) when (ExitCodeFor(ex) is { } exitCode)
            {
                Report(logger, ex, exitCode);
                return exitCode;
            }

            var layout = app.Services.GetRequiredService<ConfigurationLayout>();
            var addresses = Addresses(app);
            ServerLog.Serving(logger, addresses, layout.Directory, layout.Profile ?? "(none)");
            if (MetricsAddress(app) is { } metricsAddress)
            {
                ServerLog.ServingMetrics(logger, metricsAddress);
            }

            await app.WaitForShutdownAsync();
            ServerLog.Stopped(logger);

            // The catalogue and scorer load after start-up; a failure there stops the application,
            // and the process must say so to whatever supervises it.
            return app.Services.GetRequiredService<RecallPipelineService>().Loading.IsFaulted ? ExitStartupFailed : 0;
        }
    }

    // Configuration errors name their keys (options validation, which also reports a value that
    // does not convert, and the profile's file); anything else that stops start-up is a start-up failure.
    private static int? ExitCodeFor(Exception exception) => exception switch
    {
        OptionsValidationException or ProfileNotFoundException or InvalidProfileNameException => ExitInvalidConfiguration,
        AggregateException ex when ex.Flatten().InnerExceptions.All(inner => inner is OptionsValidationException) => ExitInvalidConfiguration,
        IOException or ArgumentException or InvalidDataException or FormatException or InvalidOperationException => ExitStartupFailed,
        _ => null,
    };

    private static void Report(ILogger logger, Exception exception, int exitCode)
    {
        if (exitCode == ExitInvalidConfiguration)
        {
            ServerLog.InvalidConfiguration(logger, exception.Message);
        }
        else
        {
            ServerLog.StartupFailed(logger, exception.Message, exception);
        }
    }

    private static void UseLayout(ConfigurationManager configuration, ConfigurationLayout layout, string[] args)
    {
        if (!File.Exists(layout.BaseFile))
        {
            throw new ProfileNotFoundException($"configuration file {layout.BaseFile} not found", layout.BaseFile);
        }

        if (layout.ProfileFile is { } profileFile && !File.Exists(profileFile))
        {
            throw new ProfileNotFoundException($"profile '{layout.Profile}' not found: {profileFile} does not exist", profileFile);
        }

        // Replace the default sources: our files live in config/, and environment and command
        // line must stay above them.
        configuration.Sources.Clear();
        configuration.AddJsonFile(layout.BaseFile, optional: false, reloadOnChange: true);
        if (layout.ProfileFile is { } file)
        {
            configuration.AddJsonFile(file, optional: false, reloadOnChange: true);
        }

        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
    }

    // Runs when the application is built, before validation: an invalid address or port is left
    // unbound here and reported by validation at start, which stops the host before Kestrel starts.
    private static void ConfigureKestrel(WebHostBuilderContext context, KestrelServerOptions kestrel, MetricsEndpoint metrics)
    {
        var options = context.Configuration.ReadUnvalidated<RecallServerOptions>(RecallServerOptions.SectionName);
        ApplyConnectionLimits(kestrel.Limits, options);
        if (!IPAddress.TryParse(options.BindAddress, out var address))
        {
            return;
        }

        if (options.Port is >= 0 and <= IPEndPoint.MaxPort)
        {
            kestrel.Listen(address, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                new ConnectionCap(Math.Max(1, options.MaxConnections)).Attach(listen);
                TlsEndpoint.UseIfEnabled(listen, context.Configuration);
            });
            ProbeEndpoint.ListenIfEnabled(kestrel, address, context.Configuration);
        }

        var admin = context.Configuration.ReadUnvalidated<AdminOptions>(AdminOptions.SectionName);
        if (admin.Enabled && IPAddress.TryParse(admin.BindAddress, out var adminAddress) && admin.Port is >= 0 and <= IPEndPoint.MaxPort)
        {
            kestrel.Listen(adminAddress, admin.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                kestrel.ApplicationServices.GetRequiredService<AdminEndpoint>().Attach(listen);
            });
        }

        // Prometheus scrapes over HTTP/1.1, which the gRPC endpoint does not speak.
        var telemetry = context.Configuration.ReadUnvalidated<TelemetryOptions>(TelemetryOptions.SectionName);
        if (telemetry is { Enabled: true, PrometheusEndpoint: true, MetricsPort: >= 0 and <= IPEndPoint.MaxPort }
            && (telemetry.MetricsPort == 0 || telemetry.MetricsPort != options.Port))
        {
            kestrel.Listen(address, telemetry.MetricsPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                metrics.Use(listen);
            });
        }
    }

    // Invalid values are left to validation (Kestrel's setters throw on them before it could report them).
    internal static void ApplyConnectionLimits(KestrelServerLimits limits, RecallServerOptions options)
    {
        limits.Http2.MaxStreamsPerConnection = Math.Max(1, options.MaxStreamsPerConnection);
        if (options.IdleConnectionTimeout > TimeSpan.Zero)
        {
            limits.KeepAliveTimeout = options.IdleConnectionTimeout;
        }

        if (options.RequestHeadersTimeout > TimeSpan.Zero)
        {
            limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
        }
    }
}
