using System.Diagnostics.CodeAnalysis;

namespace RsPipeline.Pipeline.Reload;

/// <summary>One batch scores at a time on a host's scorers (<see cref="ScorerSlot.Gate"/>), whoever scores it.</summary>
[SuppressMessage("Reliability", "CA1001", Justification = "A SemaphoreSlim whose AvailableWaitHandle is never read holds nothing to dispose; the gate lives as long as the host.")]
public sealed class ScoringGate
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    /// <summary>Waits for the gate (the inference loop, which has nothing else to do meanwhile).</summary>
    public Releaser Enter()
    {
        _semaphore.Wait();
        return new Releaser(_semaphore);
    }

    /// <summary>Waits for the gate without holding a thread, until <paramref name="cancellationToken"/> (the caller's deadline) fires.</summary>
    public async Task<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_semaphore);
    }

    /// <summary>Whether someone holds the gate now (for tests).</summary>
    internal bool IsHeld => _semaphore.CurrentCount == 0;

    /// <summary>Releases the gate when disposed.</summary>
    public readonly struct Releaser : IDisposable
    {
        private readonly SemaphoreSlim? _semaphore;

        internal Releaser(SemaphoreSlim semaphore) => _semaphore = semaphore;

        /// <inheritdoc/>
        public void Dispose() => _semaphore?.Release();
    }
}
