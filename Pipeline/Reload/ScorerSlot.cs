using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Pipeline.Reload;

/// <summary>
/// The scorer the pipeline serves with, and a count of the batches using each one: a batch takes a
/// lease on the current scorer, and a replaced scorer is handed back (for disposal) only once its
/// last lease ends. So a swap happens between two batches, a batch in flight finishes on the scorer
/// it started with, and nothing disposes a scorer under a running batch.
/// </summary>
public sealed class ScorerSlot
{
    private Entry? _current;

    /// <summary>
    /// Held while a batch is scored: a scorer serves one caller at a time, and besides the inference
    /// stage a shard's internal API (a router's whole batch) scores with the same scorer.
    /// </summary>
    public ScoringGate Gate { get; } = new();

    /// <summary>Whether a scorer was installed.</summary>
    public bool IsInstalled => Volatile.Read(ref _current) is not null;

    /// <summary>The scorer new batches get.</summary>
    /// <exception cref="InvalidOperationException">No scorer was installed yet.</exception>
    public IItemScorer Current => (Volatile.Read(ref _current) ?? throw NotInstalled()).Scorer;

    /// <summary>The scorer new batches get, or null before the first one was installed.</summary>
    public IItemScorer? CurrentOrNull => Volatile.Read(ref _current)?.Scorer;

    /// <summary>A lease on the current scorer, to dispose when the batch is scored.</summary>
    /// <exception cref="InvalidOperationException">No scorer was installed yet.</exception>
    public Lease Acquire()
    {
        while (true)
        {
            var entry = Volatile.Read(ref _current) ?? throw NotInstalled();

            // Fails only for an entry retired and released between the read and here: read again.
            if (entry.TryEnter())
            {
                return new Lease(entry);
            }
        }
    }

    /// <summary>
    /// Throws unless <paramref name="next"/> can replace the scorer serving: requests already parsed
    /// for the current request dimension could not be scored by one expecting another.
    /// </summary>
    /// <exception cref="InvalidOperationException">The dimensions differ.</exception>
    public void EnsureCanReplace(IItemScorer next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (CurrentOrNull is { } current && next.InputDimension != current.InputDimension)
        {
            throw new InvalidOperationException(
                $"the new catalogue expects request vectors of {next.InputDimension} values, the one serving {current.InputDimension}; "
                + "changing the request dimension needs a restart");
        }
    }

    /// <summary>
    /// Installs <paramref name="next"/> (checked with <see cref="EnsureCanReplace"/>) for every batch that
    /// starts from now on. Completes with the previous scorer once no batch uses it any more (at once
    /// when idle), or with null when there was none; the caller then owns (disposes) it.
    /// </summary>
    public Task<IItemScorer?> Replace(IItemScorer next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var previous = Interlocked.Exchange(ref _current, new Entry(next));
        if (previous is null)
        {
            return Task.FromResult<IItemScorer?>(null);
        }

        previous.Exit();
        return previous.Released;
    }

    private static InvalidOperationException NotInstalled() => new("no scorer is installed");

    /// <summary>One batch's hold on a scorer.</summary>
    public readonly struct Lease : IDisposable
    {
        private readonly Entry _entry;

        internal Lease(Entry entry) => _entry = entry;

        /// <summary>The scorer leased.</summary>
        public IItemScorer Scorer => _entry.Scorer;

        /// <summary>Ends the lease.</summary>
        public void Dispose() => _entry.Exit();
    }

    internal sealed class Entry(IItemScorer scorer)
    {
        private readonly TaskCompletionSource<IItemScorer?> _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // The slot's own reference counts as one, until the entry is replaced.
        private int _count = 1;

        public IItemScorer Scorer { get; } = scorer;

        public Task<IItemScorer?> Released => _released.Task;

        public bool TryEnter()
        {
            var count = Volatile.Read(ref _count);
            while (count > 0)
            {
                var seen = Interlocked.CompareExchange(ref _count, count + 1, count);
                if (seen == count)
                {
                    return true;
                }

                count = seen;
            }

            return false;
        }

        public void Exit()
        {
            if (Interlocked.Decrement(ref _count) == 0)
            {
                _released.TrySetResult(Scorer);
            }
        }
    }
}
