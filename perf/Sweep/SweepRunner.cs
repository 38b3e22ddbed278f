using System.Globalization;
using RsPipeline.LoadGeneration;
using RsPipeline.LoadGeneration.Calls;
using RsPipeline.LoadGeneration.Verification;

namespace RsPipeline.Sweep;

/// <summary>
/// For each setting: start the server, wait for SERVING, ramp the offered rate (open loop, in this
/// process) until the server saturates, stop the server. A point saturates when it achieves less
/// than the saturation ratio of its offered rate, fails calls, or returns a wrong reply.
/// </summary>
internal sealed class SweepRunner(SweepOptions options, ReferenceCatalog reference, QuerySet queries, IBatchSizeSource batchSizes)
{
    public async Task<List<SweepPoint>> RunAsync(CancellationToken cancellationToken)
    {
        var points = new List<SweepPoint>();
        for (var i = 0; i < options.Settings.Count; i++)
        {
            var setting = options.Settings[i];
            Console.WriteLine($"== {setting.Label}");
            var log = Path.Combine(options.OutputDirectory, "raw", $"{options.Name}-server-{i}.log");
            points.AddRange(await RunSettingAsync(setting, log, cancellationToken));
        }

        return points;
    }

    private async Task<List<SweepPoint>> RunSettingAsync(SweepSetting setting, string logPath, CancellationToken cancellationToken)
    {
        var arguments = setting.ServerArguments().Append($"--Catalog:EmbeddingsPath={Path.GetFullPath(options.CatalogPath)}");
        if (options.IdsPath is not null)
        {
            arguments = arguments.Append($"--Catalog:ItemIdsPath={Path.GetFullPath(options.IdsPath)}");
        }

        await using var server = ServerProcess.Start(options.HostDll, arguments.Concat(options.ServerArguments), logPath);
        var port = await server.PortAsync(TimeSpan.FromMinutes(2));
        using var channels = new ChannelSet(new Uri($"http://127.0.0.1:{port}"), options.Channels);
        if (!await HealthWait.UntilServingAsync(channels.Channels[0], TimeSpan.FromMinutes(5), () => server.Running, cancellationToken))
        {
            throw new InvalidOperationException($"the server did not become SERVING; see {logPath}");
        }

        await channels.ConnectAsync(cancellationToken);
        IRecallCaller caller = options.Api == ApiKind.Seed ? new SeedApiCaller(channels, queries) : new TypedApiCaller(channels, queries, options.TopK);
        var runner = new LoadRunner(caller, queries);
        var points = new List<SweepPoint>();
        foreach (var rate in options.Rates)
        {
            var point = await MeasureAsync(runner, setting, rate, port, cancellationToken);
            points.Add(point);
            Console.WriteLine(Describe(point));
            if (point.AchievedPerSecond < options.SaturationRatio * point.ScheduledPerSecond || !point.Clean)
            {
                Console.WriteLine("   saturated: next setting");
                break;
            }
        }

        return points;
    }

    private async Task<SweepPoint> MeasureAsync(LoadRunner runner, SweepSetting setting, double rate, int port, CancellationToken cancellationToken)
    {
        var before = await batchSizes.ReadAsync(port, cancellationToken);
        var runs = new List<LoadResult>();
        for (var r = 0; r < options.Repeats; r++)
        {
            var spec = new LoadSpec
            {
                RatePerSecond = rate,
                Arrivals = options.Arrivals,
                Duration = options.PointDuration,
                TopK = options.TopK,
                VerifyEvery = Math.Max(1, (int)(rate * options.PointDuration.TotalSeconds / Math.Max(1, options.VerifyMax))),
                VerifyMax = options.VerifyMax,
                Seed = r + 1,
            };
            runs.Add(await runner.RunAsync(spec, options.Warmup, reference, cancellationToken));
        }

        var after = await batchSizes.ReadAsync(port, cancellationToken);
        double? meanBatch = before is { } b && after is { } a && a.Count > b.Count ? (a.Sum - b.Sum) / (a.Count - b.Count) : null;
        return SweepPoint.From(setting, rate, runs, meanBatch);
    }

    private static string Describe(SweepPoint p) => string.Create(CultureInfo.InvariantCulture,
        $"   offered {p.OfferedPerSecond,7:F0}/s  achieved {p.AchievedPerSecond,8:F1}/s  p50 {p.P50Ms,8:F2} ms  p99 {p.P99Ms,8:F2} ms  batch {(p.MeanBatchSize is { } m ? m.ToString("F1", CultureInfo.InvariantCulture) : "n/a"),5}  failed {p.Failed}  late {p.LateSends}  verified {p.VerifiedReplies - p.VerificationFailures}/{p.VerifiedReplies}");
}
