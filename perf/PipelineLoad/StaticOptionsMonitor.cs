using Microsoft.Extensions.Options;

namespace RsPipeline.Perf.PipelineLoad;

/// <summary>Fixed options for one run.</summary>
internal sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
