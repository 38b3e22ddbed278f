namespace RsPipeline.Host.Lifecycle;

/// <summary>
/// The door of the gRPC services (<see cref="Services.FailureInterceptor"/> goes through it for every
/// call): open until <see cref="Close"/>, and it knows the calls inside, so that stopping can wait
/// for them, wherever they are (a handler, the pipeline, a reload), rather than only for the
/// requests the pipeline holds.
/// </summary>
internal sealed class CallIntake
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _emptied = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inside;
    private bool _closed;

    /// <summary>Calls let in and not yet finished.</summary>
    public int Inside
    {
        get
        {
            lock (_lock)
            {
                return _inside;
            }
        }
    }

    /// <summary>Lets a call in, unless the intake is closed; a call let in must <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            _inside++;
            return true;
        }
    }

    /// <summary>A call let in has finished.</summary>
    public void Exit()
    {
        lock (_lock)
        {
            _inside--;
            if (_closed && _inside == 0)
            {
                _emptied.TrySetResult();
            }
        }
    }

    /// <summary>Lets no more calls in; the task completes once the last call inside has finished.</summary>
    public Task Close()
    {
        lock (_lock)
        {
            _closed = true;
            if (_inside == 0)
            {
                _emptied.TrySetResult();
            }

            return _emptied.Task;
        }
    }
}
