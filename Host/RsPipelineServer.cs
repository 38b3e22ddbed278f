using System.Net;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using RsPipeline.Host.Configuration;
using RsPipeline.Host.Services;
using RsPipeline.Pipeline;

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
    /// command line), Kestrel on Server:BindAddress:Server:Port (HTTP/2 cleartext only), and the
    /// server's and the pipeline's services registered.
    /// </summary>
    /// <exception cref="FileNotFoundException">The configuration folder or the profile's file is missing.</exception>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var layout = ConfigurationLayout.Resolve(args, Environment.GetEnvironmentVariable);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        UseLayout(builder.Configuration, layout, args);
        builder.Services.AddSingleton(layout);
        builder.Services.AddRecallServer(builder.Configuration);
        builder.Services.AddRecallPipeline(builder.Configuration);
        builder.WebHost.ConfigureKestrel(ConfigureKestrel);
        return builder;
    }

    /// <summary>Builds the application and maps the gRPC services, health and reflection.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        app.MapGrpcService<RsService>();
        app.MapGrpcService<RecallService>();
        app.MapGrpcService<HealthServiceImpl>();
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>The addresses the server listens on once started (with the real port when Server:Port was 0).</summary>
    public static IReadOnlyCollection<string> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
    }

    /// <summary>
    /// Runs the server until SIGTERM / Ctrl+C, then refuses new calls, drains those in flight and
    /// returns 0; returns <see cref="ExitInvalidConfiguration"/> or <see cref="ExitStartupFailed"/>
    /// when it cannot start.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(CreateBuilder(args));
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidDataException or FormatException)
        {
            using var loggerFactory = LoggerFactory.Create(logging => logging.AddConsole());
            var earlyLogger = loggerFactory.CreateLogger(typeof(RsPipelineServer).FullName!);
            ServerLog.StartupFailed(earlyLogger, ex.Message, ex);
            return ExitStartupFailed;
        }

        await using (app)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RsPipelineServer).FullName!);
            var exitCode = await StartAsync(app, logger);
            if (exitCode != 0)
            {
                return exitCode;
            }

            await app.WaitForShutdownAsync();
            ServerLog.Stopped(logger);
            return 0;
        }
    }

    private static async Task<int> StartAsync(WebApplication app, ILogger logger)
    {
        try
        {
            await app.StartAsync();
        }
        catch (OptionsValidationException ex)
        {
            ServerLog.InvalidConfiguration(logger, ex.Message);
            return ExitInvalidConfiguration;
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // The binder's own message names the key and the value.
            ServerLog.InvalidConfiguration(logger, ex.Message);
            return ExitInvalidConfiguration;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException)
        {
            ServerLog.StartupFailed(logger, ex.Message, ex);
            return ExitStartupFailed;
        }

        var layout = app.Services.GetRequiredService<ConfigurationLayout>();
        var addresses = Addresses(app);
        ServerLog.Serving(logger, addresses, layout.Directory, layout.Profile ?? "(none)");
        return 0;
    }

    private static void UseLayout(ConfigurationManager configuration, ConfigurationLayout layout, string[] args)
    {
        if (!File.Exists(layout.BaseFile))
        {
            throw new FileNotFoundException($"configuration file {layout.BaseFile} not found", layout.BaseFile);
        }

        if (layout.ProfileFile is { } profileFile && !File.Exists(profileFile))
        {
            throw new FileNotFoundException($"profile '{layout.Profile}' not found: {profileFile} does not exist", profileFile);
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

    private static void ConfigureKestrel(WebHostBuilderContext context, KestrelServerOptions kestrel)
    {
        var options = kestrel.ApplicationServices.GetRequiredService<IOptions<RecallServerOptions>>().Value;
        kestrel.Listen(IPAddress.Parse(options.BindAddress), options.Port, listen => listen.Protocols = HttpProtocols.Http2);
    }
}
