using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using RsPipeline.Host.Admin;
using RsPipeline.Host.Configuration;
using RsPipeline.Host.Security.Tls;
using RsPipeline.Host.Telemetry;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Configuration;

namespace RsPipeline.Host.Lifecycle;

/// <summary>
/// Warms the whole request path before readiness turns SERVING: once the pipeline serves and the
/// server listens, calls itself over its public port (<see cref="WarmUpCalls"/>) for
/// Server:WarmUpDuration, at the batch sizes that occur (1, ¼, ½ and all of MaxBatchSize), so that
/// the first callers do not pay for compiling and first use of the handlers, parsing, batching,
/// scoring and responding. Readiness waits for <see cref="IsComplete"/>. The warm-up's calls are
/// ordinary calls: the request metrics count them (their number is logged, event 1014). With TLS
/// on the public port it is skipped (the server would have to trust its own certificate).
/// </summary>
internal sealed class RequestPathWarmUp(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    IOptions<RecallServerOptions> options,
    TimeProvider time,
    ILogger<RequestPathWarmUp> logger) : IHostedService, IDisposable
{
    private readonly TaskCompletionSource _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private IRecallPipeline? _pipeline;

    /// <summary>Whether the warm-up is over (done, skipped or failed; at once when Server:WarmUpDuration is zero): readiness waits for it.</summary>
    public bool IsComplete => options.Value.WarmUpDuration <= TimeSpan.Zero || _done.Task.IsCompleted;

    /// <summary>Completes when the warm-up is over.</summary>
    public Task Completed => _done.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var pipeline = services.GetRequiredService<IRecallPipeline>();
        _pipeline = pipeline;
        pipeline.StateChanged += OnStateChanged;
        OnStateChanged(pipeline.State);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        _ = Task.Run(() => RunAsync(started.Task), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_pipeline is { } pipeline)
        {
            pipeline.StateChanged -= OnStateChanged;
        }

        await _stopping.CancelAsync();
        _serving.TrySetCanceled(CancellationToken.None);
    }

    public void Dispose() => _stopping.Dispose();

    private void OnStateChanged(PipelineState state)
    {
        if (state == PipelineState.Serving)
        {
            _serving.TrySetResult();
        }
    }

    private async Task RunAsync(Task serverStarted)
    {
        try
        {
            await Task.WhenAll(serverStarted, _serving.Task).ConfigureAwait(false);
            var duration = options.Value.WarmUpDuration;
            if (duration <= TimeSpan.Zero)
            {
                return;
            }

            if (PublicAddress() is not { } address)
            {
                LifecycleLog.WarmUpSkipped(logger, "the public port has TLS, or no cleartext address was found");
                return;
            }

            var started = time.GetTimestamp();
            var (calls, failed) = await WarmUpCalls.RunAsync(address, _pipeline!.Dimension, BatchSizes(), duration, time, _stopping.Token).ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(started);
            LifecycleLog.WarmedUp(logger, calls, failed, elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping before serving: nothing to warm.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LifecycleLog.WarmUpFailed(logger, ex);
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    private int[] BatchSizes()
    {
        var max = services.GetRequiredService<LiveBatchingSettings>().Current.MaxBatchSize;
        return new[] { 1, max / 4, max / 2, max }.Where(size => size >= 1).Distinct().ToArray();
    }

    // The public gRPC listener: not the metrics, probe or admin one; loopback in place of a wildcard.
    private Uri? PublicAddress()
    {
        var tls = services.GetRequiredService<IConfiguration>().ReadUnvalidated<TlsOptions>(TlsOptions.SectionName);
        if (tls.Enabled)
        {
            return null;
        }

        var metricsPort = services.GetRequiredService<MetricsEndpoint>().Port;
        var probePort = tls.ProbePort;
        var admin = services.GetRequiredService<AdminEndpoint>().Address;
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses
            .Where(a => a != admin)
            .Select(a => new Uri(a))
            .FirstOrDefault(uri => uri.Scheme == Uri.UriSchemeHttp && uri.Port != metricsPort && uri.Port != probePort);
        if (address is null)
        {
            return null;
        }

        var host = address.Host switch
        {
            "0.0.0.0" => "127.0.0.1",
            "[::]" => "[::1]",
            _ => address.Host,
        };
        return new UriBuilder(address) { Host = host }.Uri;
    }
}
