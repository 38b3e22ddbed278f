using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>
/// A real Prometheus (the Debian package's /usr/bin/prometheus) on a free loopback port, scraping
/// one target every two seconds, its data in a temporary directory; killed and deleted on dispose.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private const string Package = "prometheus";
    private readonly Process _process;
    private readonly string _directory;

    private PrometheusServer(Process process, string directory, Uri api)
    {
        _process = process;
        _directory = directory;
        Api = api;
    }

    public Uri Api { get; }

    /// <summary>The binary, or a failure naming the package to install (CI installs it in .ci/run).</summary>
    public static string FindBinary()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(dir => Path.Combine(dir, "prometheus"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new Xunit.Sdk.XunitException($"the prometheus binary was not found on PATH or in /usr/bin: install the Debian package `{Package}` (sudo apt-get install -y {Package})");
    }

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (host:port) at /metrics every second.</summary>
    public static PrometheusServer Start(string target)
    {
        var binary = FindBinary();
        var directory = Directory.CreateTempSubdirectory("rspipeline-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: rspipeline
                scrape_interval: 2s
                scrape_timeout: 2s
                metrics_path: /metrics
                static_configs:
                  - targets: ['{target}']
            """);
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            string.Create(CultureInfo.InvariantCulture, $"--web.listen-address=127.0.0.1:{port}"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PrometheusServer(process, directory, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));
    }

    /// <summary>
    /// Queries <paramref name="promQl"/> every half second until it yields a value that satisfies
    /// <paramref name="done"/> or <paramref name="limit"/> passes (scrapes are the external system's,
    /// so there is no event to wait for).
    /// </summary>
    public async Task<double> WaitForValueAsync(string promQl, Func<double, bool> done, TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = Api, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var last = "(no answer yet)";
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"prometheus exited with code {_process.ExitCode}");
            }

            try
            {
                last = await http.GetStringAsync(new Uri("api/v1/query?query=" + Uri.EscapeDataString(promQl), UriKind.Relative));
                if (FirstValue(last) is { } value && done(value))
                {
                    return value;
                }
            }
            catch (HttpRequestException)
            {
                // Prometheus is still starting.
            }

            // Prometheus scrapes on its own schedule and has no event to await: ask its API again after a while.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        throw new Xunit.Sdk.XunitException($"{promQl} did not reach the expected value within {limit}; last answer: {last}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temporary directory is the OS's to clean.
        }
    }

    private static double? FirstValue(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? null
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

}
