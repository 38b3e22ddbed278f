using RsPipeline.Pipeline;

namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>
/// A test decorator over whatever pipeline is registered: while held, requests wait at the gate
/// (honouring their cancellation) before going on to the real pipeline. Records what reached it.
/// </summary>
public sealed class GatedRecallPipeline(IRecallPipeline inner) : IRecallPipeline
{
    private TaskCompletionSource? _gate;
    private TaskCompletionSource<RecallRequest> _entered = NewSignal<RecallRequest>();
    private TaskCompletionSource _cancelled = NewSignal();

    public event Action<PipelineState>? StateChanged
    {
        add => inner.StateChanged += value;
        remove => inner.StateChanged -= value;
    }

    public string CatalogVersion => inner.CatalogVersion;

    public int Dimension => inner.Dimension;

    public PipelineState State => inner.State;

    private int _submitted;

    /// <summary>How many requests reached the decorator.</summary>
    public int Submitted => Volatile.Read(ref _submitted);

    /// <summary>The last request that reached the decorator.</summary>
    public RecallRequest? LastRequest { get; private set; }

    /// <summary>Completes with the first request held after <see cref="Hold"/>.</summary>
    public Task<RecallRequest> Entered => _entered.Task;

    /// <summary>Completes when a held request's cancellation token fires.</summary>
    public Task CancellationObserved => _cancelled.Task;

    /// <summary>Holds requests until the returned handle is disposed.</summary>
    public IDisposable Hold()
    {
        _entered = NewSignal<RecallRequest>();
        _cancelled = NewSignal();
        var gate = NewSignal();
        _gate = gate;
        return new Release(() =>
        {
            _gate = null;
            gate.TrySetResult();
        });
    }

    public Task<RecallResult> SubmitAsync(RecallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        LastRequest = request;
        Interlocked.Increment(ref _submitted);

        // Not held: the inner pipeline's task itself, so that a refusal stays as it came (already faulted, never thrown here).
        return _gate is { } gate ? HeldAsync(request, gate) : inner.SubmitAsync(request);
    }

    private async Task<RecallResult> HeldAsync(RecallRequest request, TaskCompletionSource gate)
    {
        _entered.TrySetResult(request);
        try
        {
            await gate.Task.WaitAsync(request.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            _cancelled.TrySetResult();
            throw new RecallException(RecallErrorKind.Cancelled, "cancelled while held by the test gate");
        }

        return await inner.SubmitAsync(request);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource<T> NewSignal<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
