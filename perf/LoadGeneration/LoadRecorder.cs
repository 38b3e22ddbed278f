using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using HdrHistogram;
using RsPipeline.Client;

namespace RsPipeline.LoadGeneration;

/// <summary>
/// What one run observed: latencies of successful calls (HdrHistogram, Stopwatch ticks, 3
/// significant digits up to 10 minutes), failures by status, and the replies kept for verification.
/// Thread-safe.
/// </summary>
public sealed class LoadRecorder
{
    private readonly LongConcurrentHistogram _latency = new(1, TimeStamp.Minutes(10), 3);
    private readonly LongConcurrentHistogram _refusals = new(1, TimeStamp.Minutes(10), 3);
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<CapturedReply> _replies = new();
    private long _lastCompletion;
    private long _completed;

    /// <summary>Successful calls so far.</summary>
    public long Succeeded => _latency.TotalCount;

    /// <summary>Failed calls so far.</summary>
    public long Failed => _errors.Values.Sum();

    /// <summary>Calls finished so far, successful or not.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>The key under which a call closed by the server as it shut down is counted, apart from the INTERNAL statuses a server sends.</summary>
    public const string ConnectionClosedKey = "Internal:ConnectionClosed";

    /// <summary>Failures by gRPC status (or exception type for client-side failures; <see cref="ConnectionClosedKey"/> for <see cref="ConnectionCloseRace"/>).</summary>
    public IReadOnlyDictionary<string, long> Errors => _errors;

    /// <summary>The replies kept for verification.</summary>
    public IReadOnlyCollection<CapturedReply> Replies => _replies;

    /// <summary>The histogram of successful calls' latencies, in Stopwatch ticks.</summary>
    public HistogramBase Latency => _latency;

    /// <summary>The histogram of refusals' latencies (RESOURCE_EXHAUSTED: how fast an overloaded server says no), in Stopwatch ticks.</summary>
    public HistogramBase RefusalLatency => _refusals;

    /// <summary>Stopwatch timestamp of the last completion, success or failure.</summary>
    public long LastCompletion => Interlocked.Read(ref _lastCompletion);

    /// <summary>Runs one call and records its outcome; latency from <paramref name="start"/> (a Stopwatch timestamp).</summary>
    public async Task TrackAsync(Task<IReadOnlyList<string>?> call, long start, int query)
    {
        try
        {
            var ids = await call;
            var now = Stopwatch.GetTimestamp();
            _latency.RecordValue(Math.Max(1, now - start));
            if (ids is not null)
            {
                _replies.Enqueue(new CapturedReply(query, ids));
            }
        }
        catch (RpcException ex)
        {
            if (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                _refusals.RecordValue(Math.Max(1, Stopwatch.GetTimestamp() - start));
            }

            _errors.AddOrUpdate(ErrorKey(ex.Status), 1, (_, n) => n + 1);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            _errors.AddOrUpdate(ex.GetType().Name, 1, (_, n) => n + 1);
        }
        finally
        {
            Volatile.Write(ref _lastCompletion, Stopwatch.GetTimestamp());
            Interlocked.Increment(ref _completed);
        }
    }

    private static string ErrorKey(Status status) => ConnectionCloseRace.Is(status) ? ConnectionClosedKey : status.StatusCode.ToString();
}

/// <summary>A reply kept for verification: which query was sent and the item ids that came back.</summary>
public sealed record CapturedReply(int Query, IReadOnlyList<string> ItemIds);
