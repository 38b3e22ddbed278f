using System.ComponentModel;
using System.Diagnostics;

namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>Runs a child process to completion with a time limit, capturing its output.</summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output);

    /// <summary>Null when <paramref name="fileName"/> cannot be started at all (not installed).</summary>
    public static async Task<Result?> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception)
        {
            return null;
        }

        using (process)
        {
            if (process is null)
            {
                return null;
            }

            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
            }

            return new Result(process.ExitCode, await stdout + await stderr);
        }
    }
}
