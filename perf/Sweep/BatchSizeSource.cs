using System.Globalization;
using System.Net;

namespace RsPipeline.Sweep;

/// <summary>
/// Where the mean batch size of a point comes from. The server exports no batch metric yet, so
/// the default is none ("n/a"); with --metrics-url the sweep reads a Prometheus histogram's _sum
/// and _count before and after each point (mean = Δsum / Δcount).
/// </summary>
internal interface IBatchSizeSource
{
    Task<(double Sum, double Count)?> ReadAsync(int serverPort, CancellationToken cancellationToken);
}

internal sealed class NoBatchSizeSource : IBatchSizeSource
{
    public Task<(double Sum, double Count)?> ReadAsync(int serverPort, CancellationToken cancellationToken) =>
        Task.FromResult<(double, double)?>(null);
}

/// <summary>Scrapes a Prometheus text endpoint; "{port}" in the URL is the server's gRPC port. Tries HTTP/2 without TLS first (Kestrel's h2c-only endpoints), then HTTP/1.1.</summary>
internal sealed class PrometheusBatchSizeSource(string urlTemplate, string metric) : IBatchSizeSource, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<(double Sum, double Count)?> ReadAsync(int serverPort, CancellationToken cancellationToken)
    {
        var url = new Uri(urlTemplate.Replace("{port}", serverPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        foreach (var version in new[] { HttpVersion.Version20, HttpVersion.Version11 })
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
                using var response = await _http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return Parse(await response.Content.ReadAsStringAsync(cancellationToken), metric);
                }
            }
            catch (HttpRequestException)
            {
                // Try the other protocol version.
            }
        }

        return null;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Sums <c>metric_sum</c> and <c>metric_count</c> over all label sets; null when either is absent.</summary>
    internal static (double Sum, double Count)? Parse(string text, string metric)
    {
        double? sum = null;
        double? count = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var value = line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: >= 2 } parts
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null;
            if (value is null)
            {
                continue;
            }

            if (IsSeries(line, metric + "_sum"))
            {
                sum = (sum ?? 0) + value;
            }
            else if (IsSeries(line, metric + "_count"))
            {
                count = (count ?? 0) + value;
            }
        }

        return sum is { } s && count is { } c ? (s, c) : null;
    }

    private static bool IsSeries(string line, string name) =>
        line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{';
}
