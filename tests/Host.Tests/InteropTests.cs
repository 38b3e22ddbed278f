using RsPipeline.Host.Tests.Infrastructure;

namespace RsPipeline.Host.Tests;

/// <summary>A client generated from the seed's proto in another language (Python) works unchanged.</summary>
[Collection(SharedServer.Name)]
public sealed class InteropTests(ServerFixture fixture)
{
    private const string Install = "apt-get install -y python3-grpcio python3-grpc-tools python3-numpy";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task PythonSeedClient_CallRsItems_MatchesNumpyBruteForce()
    {
        var python = await FindPythonAsync();
        var interop = Path.Combine(AppContext.BaseDirectory, "interop");

        var result = await ProcessRunner.RunAsync(python, [
            Path.Combine(interop, "seed_client.py"),
            "--target", $"127.0.0.1:{fixture.Server.Port}",
            "--proto", Path.Combine(interop, "rs.proto"),
            "--embeddings", fixture.Catalog.EmbeddingsPath,
            "--top-k", "100",
        ], Limit);

        Assert.True(result is { ExitCode: 0 }, $"seed_client.py exited {result?.ExitCode}:\n{result?.Output}");
    }

    // Debian's python3 has the modules; a python3 earlier on PATH (pyenv, venv) may not.
    private static async Task<string> FindPythonAsync()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("RSPIPELINE_PYTHON"), "python3", "/usr/bin/python3" }
            .Where(c => !string.IsNullOrEmpty(c)).Distinct().Cast<string>().ToArray();
        foreach (var candidate in candidates)
        {
            var probe = await ProcessRunner.RunAsync(candidate, ["-c", "import grpc, grpc_tools.protoc, numpy"], Limit);
            if (probe is { ExitCode: 0 })
            {
                return candidate;
            }
        }

        Assert.Fail($"The interop test needs python3 with grpc, grpc_tools and numpy (tried {string.Join(", ", candidates)}; set RSPIPELINE_PYTHON to choose one). Install them: {Install}");
        return string.Empty;
    }
}
