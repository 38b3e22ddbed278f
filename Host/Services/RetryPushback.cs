using System.Globalization;
using Grpc.Core;

namespace RsPipeline.Host.Services;

/// <summary>
/// The gRPC retry pushback (gRFC A6): a trailer telling the client's retry policy how long to wait
/// before its next attempt, instead of its own backoff.
/// </summary>
internal static class RetryPushback
{
    /// <summary>The trailer's name; its value is whole milliseconds.</summary>
    public const string TrailerName = "grpc-retry-pushback-ms";

    /// <summary>Trailers with a pushback of <paramref name="delay"/> (rounded up to a whole millisecond, at least 1).</summary>
    public static Metadata Trailers(TimeSpan delay) =>
        new() { { TrailerName, Math.Max(1, (long)Math.Ceiling(delay.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) } };
}
