using System.Runtime.ExceptionServices;

namespace RsPipeline.Pipeline.Inference;

/// <summary>
/// One <see cref="LowPriorityThread"/> run: the work on its own lowered thread, which only records the
/// outcome and sets <see cref="_finished"/>; a thread-pool callback registered on that event (at the
/// caller's priority, before the thread starts) completes the task, so nothing is ever queued to the
/// thread pool from the lowered thread.
/// </summary>
#pragma warning disable CA1001 // The event is disposed by the callback it wakes, once: nothing else holds the run.
internal sealed class LoweredRun<T>(Func<T> work, Action? onCompleting, CancellationToken cancellationToken)
#pragma warning restore CA1001
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEvent _finished = new(initialState: false);
    private RegisteredWaitHandle? _registration;
    private T? _result;
    private ExceptionDispatchInfo? _failure;
    private bool _cancelled;

    public Task<T> Task => _done.Task;

    public void Start(string name)
    {
        _registration = ThreadPool.RegisterWaitForSingleObject(_finished, static (state, _) => ((LoweredRun<T>)state!).Complete(), this, Timeout.Infinite, executeOnlyOnce: true);
        new Thread(Execute) { IsBackground = true, Name = name }.Start();
    }

    // On the lowered thread: the work and its outcome, nothing else.
    private void Execute()
    {
        try
        {
            _ = LowPriorityThread.Lower();
            cancellationToken.ThrowIfCancellationRequested();
            _result = work();
        }
        catch (OperationCanceledException ex) when (ex.CancellationToken == cancellationToken && cancellationToken.IsCancellationRequested)
        {
            _cancelled = true;
        }
#pragma warning disable CA1031 // Handed to the awaiting caller through the task.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _failure = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            _ = _finished.Set();
        }
    }

    // On a thread-pool thread, once the event is set.
    private void Complete()
    {
        _ = _registration!.Unregister(waitObject: null);
        _finished.Dispose();
        onCompleting?.Invoke();
        if (_cancelled)
        {
            _ = _done.TrySetCanceled(cancellationToken);
        }
        else if (_failure is not null)
        {
            _ = _done.TrySetException(_failure.SourceException);
        }
        else
        {
            _ = _done.TrySetResult(_result!);
        }
    }
}
