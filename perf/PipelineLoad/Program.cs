using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RsPipeline.Catalog.Synthetic;
using RsPipeline.Perf.PipelineLoad;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference.Simd;
using RsPipeline.Pipeline.Inference.SimdInt8;
using RsPipeline.Pipeline.Reload;
using RsPipeline.Torch;

var items = new Option<int>("--items") { Description = "catalogue rows N (synthetic, seeded)", DefaultValueFactory = _ => 1_000_000 };
var dimension = new Option<int>("--dim") { Description = "embedding dimension d", DefaultValueFactory = _ => 64 };
var topK = new Option<int>("--top-k") { Description = "k per request", DefaultValueFactory = _ => 100 };
var rate = new Option<double>("--rate") { Description = "offered load, requests/s (Poisson arrivals)", DefaultValueFactory = _ => 300 };
var seconds = new Option<double>("--seconds") { Description = "duration of each measured run", DefaultValueFactory = _ => 5 };
var repeats = new Option<int>("--repeats") { Description = "runs per setting (interleaved); medians are reported", DefaultValueFactory = _ => 3 };
var scorerKind = new Option<ScorerKind>("--scorer") { Description = "Simd (the server default), SimdInt8 or Torch", DefaultValueFactory = _ => ScorerKind.Simd };
var settings = new Option<string[]>("--setting")
{
    Description = "batching settings MaxBatchSize:DelayMs:Policy (repeatable)",
    DefaultValueFactory = _ => ["1:0:FixedWindow", "128:2:FixedWindow", "128:5:FixedWindow", "128:2:EagerWhenIdle", "128:5:EagerWhenIdle"],
    AllowMultipleArgumentsPerToken = true,
};
var telemetry = new Option<TelemetryMode>("--telemetry")
{
    Description = "Off (nothing listens), On (OpenTelemetry traces every request, metrics aggregated, null exporters) or Both (each setting off then on, interleaved)",
    DefaultValueFactory = _ => TelemetryMode.Off,
};
var output = new Option<FileInfo?>("--json") { Description = "write all points as JSON here" };
var root = new RootCommand("In-process load on the recall pipeline (no network): the same offered load against each batching setting.")
{
    items, dimension, topK, rate, seconds, repeats, scorerKind, settings, telemetry, output,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var n = parse.GetValue(items);
    var d = parse.GetValue(dimension);
    var k = parse.GetValue(topK);
    var catalog = new CatalogLoader(NullLogger<CatalogLoader>.Instance).Load(new CatalogOptions { SyntheticItemCount = n, SyntheticDimension = d, SyntheticSeed = 42 });
    using var inner = CreateScorer(parse.GetValue(scorerKind), catalog);
    using var scorer = new CountingScorer(inner);
    var queries = Enumerable.Range(0, 4096).Select(i => SyntheticCatalog.Generate(1, d, 1_000_000UL + (ulong)i)).ToArray();
    var grid = parse.GetValue(settings)!.Select(BatchingSetting.Parse).ToArray();
    var points = new List<LoadPoint>();
    var cpuPerRequest = new List<(string Setting, double Microseconds)>();
    for (var r = 0; r < parse.GetValue(repeats); r++)
    {
        foreach (var setting in grid)
        {
            foreach (var on in TelemetryAttachment.Runs(parse.GetValue(telemetry)))
            {
                using var attached = TelemetryAttachment.For(on);
                var cpu = Environment.CpuUsage.TotalTime;
                var point = await RunSettingAsync(setting, scorer, queries, parse.GetValue(rate), TimeSpan.FromSeconds(parse.GetValue(seconds)), k, r);
                point = point with { Setting = point.Setting + (on ? " +otel" : string.Empty) };
                points.Add(point);
                // Process CPU time (all threads, the sender's included) per completed request: steadier than latency on a shared machine.
                cpuPerRequest.Add((point.Setting, (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / Math.Max(1, point.Completed)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Format(point)} cpu {cpuPerRequest[^1].Microseconds,6:F0} us/req"));
            }
        }
    }

    Console.WriteLine();
    Console.WriteLine($"Medians over {parse.GetValue(repeats)} runs, N = {n}, d = {d}, k = {k}, offered {parse.GetValue(rate)} req/s, scorer {parse.GetValue(scorerKind)}:");
    Console.WriteLine("| setting | achieved req/s | p50 ms | p90 ms | p99 ms | max ms | mean batch | failed | late arrivals |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
    foreach (var group in points.GroupBy(p => p.Setting))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {group.Key} | {Median(group, p => p.AchievedPerSecond):F0} | {Median(group, p => p.P50Ms):F1} | {Median(group, p => p.P90Ms):F1} | {Median(group, p => p.P99Ms):F1} | {Median(group, p => p.MaxMs):F1} | {Median(group, p => p.MeanBatchSize):F1} | {Median(group, p => p.Failed):F0} | {Median(group, p => p.LateArrivals):F0} |"));
    }

    Console.WriteLine();
    Console.WriteLine("| setting | process CPU us per request (median) |");
    Console.WriteLine("|---|---|");
    foreach (var group in cpuPerRequest.GroupBy(c => c.Setting))
    {
        var sorted = group.Select(c => c.Microseconds).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {group.Key} | {sorted[sorted.Length / 2]:F0} |"));
    }

    if (parse.GetValue(output) is { } file)
    {
        await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(points, new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
    }
});
return await root.Parse(args).InvokeAsync();

static async Task<LoadPoint> RunSettingAsync(BatchingSetting setting, CountingScorer scorer, float[][] queries, double rate, TimeSpan duration, int k, int repeat)
{
    var capacity = Math.Max(4096, setting.MaxBatchSize);
    using var live = new LiveBatchingSettings(new StaticOptionsMonitor<BatchingOptions>(setting.ToOptions(capacity)), NullLogger<LiveBatchingSettings>.Instance);
    using var pipeline = new RecallPipeline(live, Options.Create(new RecallOptions { DefaultTopK = k, MaxTopK = Math.Max(k, 1000) }), new ScorerSlot(), TimeProvider.System, NullLogger<RecallPipeline>.Instance);
    pipeline.Activate(scorer);
    var point = await OpenLoopRun.RunAsync(setting.Label, pipeline, scorer, queries, rate, duration, k, seed: repeat);
    await pipeline.DrainAsync(CancellationToken.None);
    return point;
}

static IItemScorer CreateScorer(ScorerKind kind, ItemCatalog catalog) => kind switch
{
    ScorerKind.Simd => new SimdBlockedScorer(catalog),
    ScorerKind.SimdInt8 => new SimdInt8Scorer(catalog),
    ScorerKind.Torch => new TorchExactScorer(catalog, new TorchOptions()),
    _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "PipelineLoad runs the Simd, SimdInt8 or Torch scorer"),
};

static double Median(IEnumerable<LoadPoint> points, Func<LoadPoint, double> value)
{
    var sorted = points.Select(value).Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Format(LoadPoint p) => string.Create(CultureInfo.InvariantCulture,
    $"{p.Setting,-28} offered {p.OfferedPerSecond,6:F0}/s achieved {p.AchievedPerSecond,7:F1}/s p50 {p.P50Ms,8:F1} ms p99 {p.P99Ms,8:F1} ms max {p.MaxMs,8:F1} ms batch {p.MeanBatchSize,6:F1} failed {p.Failed} late {p.LateArrivals}");
