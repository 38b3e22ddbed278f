using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Host.Configuration;
using RsPipeline.Host.Health;
using RsPipeline.Host.Lifecycle;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Batching;
using RsPipeline.TestSupport;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace RsPipeline.Host.Tests.Health;

/// <summary>
/// The server's health services as the host registers them (checks, gRPC mapping, reporter, shutdown
/// sequence) around a real pipeline over a naive scorer, without Kestrel; a recording publisher
/// sees every report the reporter pushes.
/// </summary>
internal sealed class HealthHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _started = [];

    public HealthHarness(bool activate = true)
    {
        Fixture = new PipelineFixture(new BatchingOptions(), Time, activate: activate);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Server:DrainDelay"] = "00:00:05", ["Server:WarmUpDuration"] = "00:00:00" }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IHostApplicationLifetime>(Lifetime)
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton(Fixture.Pipeline)
            .AddSingleton<IRecallPipeline>(Fixture.Pipeline)
            .AddSingleton<RecallPipelineService>();
        services.AddOptions<RecallServerOptions>().Bind(configuration.GetSection(RecallServerOptions.SectionName));
        services.AddServerLifecycle(configuration).AddServerHealth();

        // After the gRPC publisher: when a report reaches the recorder, the gRPC statuses are set.
        services.AddSingleton<IHealthCheckPublisher>(Recorder);
        _services = services.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; } = new();

    public ApplicationLifetime Lifetime { get; } = new(NullLogger<ApplicationLifetime>.Instance);

    public PipelineFixture Fixture { get; }

    public RecordingPublisher Recorder { get; } = new();

    public ShutdownSequence Shutdown => _services.GetRequiredService<ShutdownSequence>();

    public PipelineHealthReporter Reporter => _services.GetServices<IHostedService>().OfType<PipelineHealthReporter>().Single();

    /// <summary>Starts the shutdown sequence and the reporter, as the host does.</summary>
    public async Task StartAsync()
    {
        foreach (var service in new IHostedService[] { Shutdown, Reporter })
        {
            await service.StartAsync(CancellationToken.None);
            _started.Add(service);
        }
    }

    /// <summary>Runs the checks now, as a Check call or an HTTP probe does.</summary>
    public Task<HealthReport> CheckAsync() => _services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    /// <summary>What the gRPC health service answers from the last push (what Watch streams see).</summary>
    public async Task<ServingStatus> PublishedStatusOf(string service) =>
        (await _services.GetRequiredService<HealthServiceImpl>().Check(new HealthCheckRequest { Service = service }, null!)).Status;

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _started)
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
        Fixture.Dispose();
    }

    /// <summary>Records the reports pushed; lets a test wait for one.</summary>
    public sealed class RecordingPublisher : IHealthCheckPublisher
    {
        private readonly List<(Func<HealthReport, bool> Matches, TaskCompletionSource<HealthReport> Signal)> _waiting = [];

        public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
        {
            lock (_waiting)
            {
                foreach (var waiter in _waiting.Where(w => w.Matches(report)).ToArray())
                {
                    waiter.Signal.TrySetResult(report);
                    _waiting.Remove(waiter);
                }
            }

            return Task.CompletedTask;
        }

        /// <summary>Completes with the first report pushed from now on that <paramref name="matches"/>.</summary>
        public Task<HealthReport> WaitFor(Func<HealthReport, bool> matches)
        {
            var signal = new TaskCompletionSource<HealthReport>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waiting)
            {
                _waiting.Add((matches, signal));
            }

            return signal.Task;
        }
    }
}
