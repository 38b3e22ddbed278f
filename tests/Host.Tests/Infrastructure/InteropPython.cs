namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>The Python with grpcio, grpc_tools and numpy that the interop clients (interop/*.py) run on.</summary>
public static class InteropPython
{
    public const string Install = "apt-get install -y python3-grpcio python3-grpc-tools python3-numpy";

    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>The interop folder in the test output: the scripts and rs.proto.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "interop");

    // Debian's python3 has the modules; a python3 earlier on PATH (pyenv, venv) may not.
    public static async Task<string> FindAsync()
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

        Assert.Fail($"The interop tests need python3 with grpc, grpc_tools and numpy (tried {string.Join(", ", candidates)}; set RSPIPELINE_PYTHON to choose one). Install them: {Install}");
        return string.Empty;
    }

    /// <summary>Runs interop/<paramref name="script"/> with <paramref name="arguments"/>; asserts exit code 0.</summary>
    public static async Task RunAsync(string script, params string[] arguments)
    {
        var python = await FindAsync();
        var result = await ProcessRunner.RunAsync(python, [Path.Combine(Folder, script), .. arguments], Limit);
        Assert.True(result is { ExitCode: 0 }, $"{script} exited {result?.ExitCode}:\n{result?.Output}");
    }
}
