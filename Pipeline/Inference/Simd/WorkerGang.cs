using System.Runtime.ExceptionServices;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// A fixed set of dedicated threads that run one piece of work each, together with the calling
/// thread, and return when all are done. Nothing is allocated per run (the work delegate is the
/// caller's, cached); threads park on a <see cref="Barrier"/> between runs. One caller at a time.
/// </summary>
internal sealed class WorkerGang : IDisposable
{
    private readonly Thread[] _threads;
    private readonly Barrier? _barrier;
    private Action<int>? _work;
    private Exception? _failure;
    private volatile bool _stopping;

    /// <param name="participants">Threads that run each piece of work, the caller included.</param>
    /// <param name="name">Prefix of the dedicated threads' names.</param>
    public WorkerGang(int participants, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(participants, 1);
        Participants = participants;
        _threads = new Thread[participants - 1];
        if (participants == 1)
        {
            return;
        }

        _barrier = new Barrier(participants);
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Loop) { IsBackground = true, Name = $"{name} {i + 1}" };
            _threads[i].Start(i + 1);
        }
    }

    public int Participants { get; }

    /// <summary>Runs <paramref name="work"/>(0 .. Participants − 1), one per thread; rethrows the first failure.</summary>
    public void Run(Action<int> work)
    {
        if (_barrier is null)
        {
            work(0);
            return;
        }

        _work = work;
        _failure = null;
        _barrier.SignalAndWait();
        try
        {
            work(0);
        }
#pragma warning disable CA1031 // Rethrown below, once every thread has finished with the shared buffers.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Interlocked.CompareExchange(ref _failure, e, null);
        }

        _barrier.SignalAndWait();
        if (_failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    public void Dispose()
    {
        if (_barrier is null || _stopping)
        {
            return;
        }

        _stopping = true;
        _barrier.SignalAndWait();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _barrier.Dispose();
    }

    private void Loop(object? participant)
    {
        var id = (int)participant!;
        while (true)
        {
            _barrier!.SignalAndWait();
            if (_stopping)
            {
                return;
            }

            try
            {
                _work!(id);
            }
#pragma warning disable CA1031 // Handed to the caller by Run.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }

            _barrier.SignalAndWait();
        }
    }
}
