using RsPipeline.Host.Tests.Infrastructure;

namespace RsPipeline.Host.Tests;

/// <summary>LibTorch (~500 MB of native code) is mapped into the server only when the configuration needs it.</summary>
public sealed class LibTorchLoadingTests : IDisposable
{
    private static readonly string[] LibTorchLibraries = ["libtorch_cpu.so", "libtorch.so", "libc10.so", "libLibTorchSharp.so"];

    private readonly TestCatalog _catalog = new();

    [Fact]
    public async Task DefaultConfiguration_MapsNoLibTorchLibrary()
    {
        await using var host = await HostProcess.StartAsync(TestServer.Arguments(_catalog));

        var mapped = LibTorchMappedBy(host.ProcessId);

        Assert.Empty(mapped);
    }

    [Fact]
    public async Task TorchScorer_MapsLibTorch()
    {
        await using var host = await HostProcess.StartAsync(TestServer.Arguments(_catalog, "--Inference:Scorer=Torch"));

        var mapped = LibTorchMappedBy(host.ProcessId);

        Assert.Contains("libtorch_cpu.so", mapped);
    }

    public void Dispose() => _catalog.Dispose();

    private static HashSet<string> LibTorchMappedBy(int processId) =>
        File.ReadLines($"/proc/{processId}/maps")
            .Select(line => Path.GetFileName(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty))
            .Where(file => LibTorchLibraries.Contains(file))
            .ToHashSet();
}
