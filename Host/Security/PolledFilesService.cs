namespace RsPipeline.Host.Security;

/// <summary>Checks <typeparamref name="TFiles"/> every <see cref="IPolledFiles.ReloadInterval"/> and lets it swap in what changed.</summary>
internal sealed class PolledFilesService<TFiles>(TFiles files, TimeProvider time) : BackgroundService
    where TFiles : IPolledFiles
{
    private PeriodicTimer? _timer;

    // The interval counts from start, not from whenever ExecuteAsync gets a thread.
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new PeriodicTimer(files.ReloadInterval, time);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Polling, not a file watcher: Kubernetes updates a mounted Secret or ConfigMap by swapping
        // a symbolic link to a new folder, which watchers of the files themselves do not see.
        try
        {
            while (await _timer!.WaitForNextTickAsync(stoppingToken))
            {
                files.ReloadIfChanged();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
