using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RsPipeline.LoadGeneration;
using RsPipeline.LoadGeneration.Calls;

namespace RsPipeline.LoadGenerator;

/// <summary>
/// `ceiling`: the generator against a trivial in-process server on loopback (the seed API, a fixed
/// 100-id reply), closed loop and an open-loop ramp. The highest open-loop rate it sustains (at
/// least 95% achieved, sends on average within a millisecond of schedule, under 10% of them late) is the most it can offer; measurements near that
/// rate measure the generator, not the server. Both share this machine's cores, as the generator
/// and a real server do in the sweep.
/// </summary>
internal static class CeilingCommand
{
    public static Command Create()
    {
        var rates = new Option<double[]>("--rates") { Description = "open-loop rates to try, requests/s", DefaultValueFactory = _ => [2000, 4000, 8000, 16000, 32000], AllowMultipleArgumentsPerToken = true };
        var concurrency = new Option<int[]>("--concurrency") { Description = "closed-loop caller counts to try", DefaultValueFactory = _ => [64, 256], AllowMultipleArgumentsPerToken = true };
        var duration = new Option<double>("--duration") { Description = "seconds per point", DefaultValueFactory = _ => 3 };
        var channels = new Option<int>("--channels") { Description = "gRPC channels", DefaultValueFactory = _ => 4 };
        var json = new Option<FileInfo?>("--json") { Description = "write all points as JSON here" };
        var command = new Command("ceiling", "Measure the generator's own ceiling against a trivial in-process gRPC server on loopback.")
        {
            rates, concurrency, duration, channels, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = await EchoServer.StartAsync(0, cancellationToken);
            var queries = QuerySet.Generate(1024, 64, 2024);
            using var set = new ChannelSet(EchoServer.AddressOf(app), parse.GetValue(channels));
            await set.ConnectAsync(cancellationToken);
            var runner = new LoadRunner(new SeedApiCaller(set, queries), queries);
            var spec = new LoadSpec { Duration = TimeSpan.FromSeconds(parse.GetValue(duration)), VerifyEvery = 0 };
            var results = new List<LoadResult>();
            foreach (var callers in parse.GetValue(concurrency)!)
            {
                results.Add(await Measure(runner, spec with { Concurrency = callers }, cancellationToken));
            }

            foreach (var rate in parse.GetValue(rates)!)
            {
                results.Add(await Measure(runner, spec with { RatePerSecond = rate }, cancellationToken));
            }

            var sustained = results.Where(r => r.Mode == "open" && Sustained(r)).Select(r => r.OfferedPerSecond).DefaultIfEmpty(0).Max();
            var closedBest = results.Where(r => r.Mode == "closed").Select(r => r.AchievedPerSecond).DefaultIfEmpty(0).Max();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CEILING: open loop sustains {sustained:F0} req/s (highest rate tried with ≥ 95% achieved, mean send lag ≤ 1 ms, < 10% of sends late); closed loop peaks at {closedBest:F0} req/s. Generator and trivial server share {Environment.ProcessorCount} cores."));
            if (parse.GetValue(json) is { } file)
            {
                var report = new { sustainedOpenLoopPerSecond = sustained, closedLoopPeakPerSecond = closedBest, processorCount = Environment.ProcessorCount, points = results };
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(report, ResultText.Json), cancellationToken);
            }

            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }

    private static async Task<LoadResult> Measure(LoadRunner runner, LoadSpec spec, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(spec, TimeSpan.FromSeconds(1), null, cancellationToken);
        Console.WriteLine(ResultText.Describe(result));
        return result;
    }

    private static bool Sustained(LoadResult r) =>
        r.Failed == 0 && r.AchievedPerSecond >= 0.95 * r.OfferedPerSecond && r.MeanSendLagMs <= 1 && r.LateSends < 0.1 * r.Sent;
}
