using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RsPipeline.Pipeline;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>
/// The real server (<see cref="RsPipelineServer"/>) on 127.0.0.1 and a free port, serving a
/// <see cref="TestCatalog"/>, with a <see cref="GatedRecallPipeline"/> around the registered pipeline.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const int MaxReceiveMessageBytes = 64 * 1024;
    public const int MaxTopK = 500;
    public const int MaxExcludedItems = 50;
    public const int MaxUsersPerCall = 8;

    private TestServer(WebApplication app, GatedRecallPipeline gate, string address, GrpcChannel channel)
    {
        App = app;
        Gate = gate;
        Address = address;
        Port = new Uri(address).Port;
        Channel = channel;
    }

    public WebApplication App { get; }

    public GatedRecallPipeline Gate { get; }

    public string Address { get; }

    public int Port { get; }

    public GrpcChannel Channel { get; }

    public RSer.RSerClient Seed => new(Channel);

    public RsPipeline.Recall.V1.Recall.RecallClient Typed => new(Channel);

    public Grpc.Health.V1.Health.HealthClient Health => new(Channel);

    /// <summary>The arguments every test server starts with; <paramref name="extra"/> come last and win.</summary>
    public static string[] Arguments(TestCatalog catalog, params string[] extra) =>
    [
        "--Server:BindAddress=127.0.0.1",
        "--Server:Port=0",
        $"--Server:MaxReceiveMessageBytes={MaxReceiveMessageBytes}",
        $"--Recall:MaxTopK={MaxTopK}",
        $"--Recall:MaxExcludedItems={MaxExcludedItems}",
        $"--Server:MaxUsersPerCall={MaxUsersPerCall}",
        "--Server:ShutdownTimeout=00:00:20",
        // Stop at once: tests that need the drain delay set their own.
        "--Server:DrainDelay=00:00:00",
        // No request-path warm-up: its calls would show in the counts tests read; tests of it set their own.
        "--Server:WarmUpDuration=00:00:00",
        $"--Catalog:EmbeddingsPath={catalog.EmbeddingsPath}",
        "--Logging:LogLevel:Default=Warning",
        // Servers run side by side: none may take the default metrics port.
        "--Telemetry:MetricsPort=0",
        .. extra,
    ];

    /// <summary>
    /// Builds the server from <paramref name="args"/> (services changed by <paramref name="configure"/>
    /// first, when given), starts it and waits until health says SERVING over <see cref="Channel"/>,
    /// made by <paramref name="connect"/> from the server's address (a plain channel by default).
    /// </summary>
    public static async Task<TestServer> StartAsync(string[] args, Action<WebApplicationBuilder>? configure = null, Func<string, GrpcChannel>? connect = null)
    {
        GatedRecallPipeline? gate = null;
        var builder = RsPipelineServer.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Services.Decorate<IRecallPipeline>(inner => gate = new GatedRecallPipeline(inner));
        var app = RsPipelineServer.Build(builder);
        await app.StartAsync().DefaultTimeout();
        var admin = RsPipelineServer.AdminAddress(app);
        var address = RsPipelineServer.Addresses(app).Single(a => a != admin);
        var server = new TestServer(app, gate ?? app.Services.GetRequiredService<IRecallPipeline>() as GatedRecallPipeline ?? throw new InvalidOperationException("no gate"), address, (connect ?? (a => GrpcChannel.ForAddress(a)))(address));
        await server.WaitForServingAsync().DefaultTimeout();
        return server;
    }

    /// <summary>Watches the overall health until it reports SERVING.</summary>
    public async Task WaitForServingAsync()
    {
        using var watch = Health.Watch(new HealthCheckRequest { Service = string.Empty });
        while (await watch.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (watch.ResponseStream.Current.Status == ServingStatus.Serving)
            {
                return;
            }
        }

        throw new InvalidOperationException("the health watch ended before SERVING");
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!App.Lifetime.ApplicationStopping.IsCancellationRequested)
        {
            await App.StopAsync().DefaultTimeout();
        }

        await App.DisposeAsync();
    }
}
