using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RsPipeline.LoadGeneration;
using RsPipeline.LoadGeneration.Verification;
using RsPipeline.Sweep;

var catalog = new Option<FileInfo>("--catalog") { Description = "the .npy catalogue the server serves and replies are verified against (LoadGenerator catalog writes one)", Required = true };
var ids = new Option<FileInfo?>("--ids") { Description = "its id file, if any" };
var hostDll = new Option<FileInfo?>("--host-dll") { Description = "the server (default: Host/bin/Release/net10.0/RsPipeline.Host.dll of this repository)" };
var settings = new Option<string[]>("--settings")
{
    Description = "batching settings MaxBatchSize:DelayMs:Policy (FixedWindow | EagerWhenIdle | LatencySlo, whose middle number is the latency target in ms); MaxBatchSize 1 = batching off",
    DefaultValueFactory = _ => ["1:0:FixedWindow", "32:1:EagerWhenIdle", "128:2:EagerWhenIdle", "128:5:FixedWindow", "512:5:EagerWhenIdle"],
    AllowMultipleArgumentsPerToken = true,
};
var rates = new Option<double[]>("--rates") { Description = "offered rates, requests/s, ramped in order until the server saturates", DefaultValueFactory = _ => [25, 50, 100, 200, 400, 800, 1600, 3200], AllowMultipleArgumentsPerToken = true };
var duration = new Option<double>("--duration") { Description = "seconds of measured load per point", DefaultValueFactory = _ => 5 };
var warmup = new Option<double>("--warmup") { Description = "seconds of unmeasured load before each point", DefaultValueFactory = _ => 1 };
var repeats = new Option<int>("--repeats") { Description = "runs per point (medians reported)", DefaultValueFactory = _ => 1 };
var arrivals = new Option<ArrivalKind>("--arrivals") { Description = "Poisson (steady) or Bursty (2x the rate for 200 ms, 0.2x for 800 ms: a mean of 0.56x the rate)", DefaultValueFactory = _ => ArrivalKind.Poisson };
var api = new Option<ApiKind>("--api") { Description = "Seed or Typed", DefaultValueFactory = _ => ApiKind.Seed };
var topK = new Option<int>("--top-k") { Description = "k (the seed API answers Recall:DefaultTopK, 100)", DefaultValueFactory = _ => 100 };
var channels = new Option<int>("--channels") { Description = "gRPC channels", DefaultValueFactory = _ => 4 };
var verifyMax = new Option<int>("--verify-max") { Description = "replies verified per run (spread over the run)", DefaultValueFactory = _ => 10 };
var bound = new Option<double>("--p99-bound-ms") { Description = "the latency objective: the best setting is the fastest with p99 within it", DefaultValueFactory = _ => 50 };
var saturation = new Option<double>("--saturation") { Description = "stop ramping a setting when achieved < this × offered", DefaultValueFactory = _ => 0.9 };
var scorer = new Option<string>("--scorer") { Description = "Inference:Scorer of the server (Simd, the default, or Torch)", DefaultValueFactory = _ => "Simd" };
var serverArgs = new Option<string[]>("--server-arg") { Description = "extra server argument, e.g. --server-arg=--Inference:TorchIntraOpThreads=2 (repeatable)", DefaultValueFactory = _ => [] };
var metricsUrl = new Option<string?>("--metrics-url") { Description = "Prometheus endpoint for the mean batch size, {port} = the gRPC port (default: none, batch size n/a)" };
var batchMetric = new Option<string>("--batch-metric") { Description = "Prometheus histogram of batch sizes", DefaultValueFactory = _ => "rspipeline_batch_size" };
var outDir = new Option<DirectoryInfo>("--out") { Description = "output folder (CSV, Markdown, PNG, SVG; server logs and JSON under raw/)", DefaultValueFactory = _ => new DirectoryInfo("perf/results") };
var name = new Option<string>("--name") { Description = "file name stem of the outputs", DefaultValueFactory = _ => "sweep" };
var note = new Option<string>("--note") { Description = "provenance for chart and table (date, commit, machine state)", DefaultValueFactory = _ => "" };

var root = new RootCommand("Batch-window sweep: start the server per batching setting, ramp the offered rate (open loop), write CSV, Markdown, PNG and SVG of p99 latency against throughput.")
{
    catalog, ids, hostDll, settings, rates, duration, warmup, repeats, arrivals, api, topK, channels, verifyMax, bound, saturation, scorer, serverArgs, metricsUrl, batchMetric, outDir, name, note,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var host = parse.GetValue(hostDll)?.FullName ?? DefaultHostDll();
    if (!File.Exists(host))
    {
        Console.Error.WriteLine($"server not found at {host}: build it first (dotnet build RsPipeline.sln -c Release) or pass --host-dll");
        return 2;
    }

    var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    var options = new SweepOptions
    {
        HostDll = host,
        CatalogPath = parse.GetValue(catalog)!.FullName,
        IdsPath = parse.GetValue(ids)?.FullName,
        Settings = [.. parse.GetValue(settings)!.Select(SweepSetting.Parse)],
        Rates = parse.GetValue(rates)!,
        PointDuration = TimeSpan.FromSeconds(parse.GetValue(duration)),
        Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup)),
        Repeats = parse.GetValue(repeats),
        Api = parse.GetValue(api),
        Arrivals = parse.GetValue(arrivals),
        TopK = parse.GetValue(topK),
        Channels = parse.GetValue(channels),
        VerifyMax = parse.GetValue(verifyMax),
        P99BoundMs = parse.GetValue(bound),
        SaturationRatio = parse.GetValue(saturation),
        ServerArguments = [$"--Inference:Scorer={parse.GetValue(scorer)}", .. parse.GetValue(serverArgs)!],
        OutputDirectory = parse.GetValue(outDir)!.FullName,
        Name = parse.GetValue(name)!,
        Note = string.IsNullOrEmpty(parse.GetValue(note)) ? date : parse.GetValue(note)!,
    };
    Directory.CreateDirectory(Path.Combine(options.OutputDirectory, "raw"));
    var reference = ReferenceCatalog.Load(options.CatalogPath, options.IdsPath);
    var queries = QuerySet.Generate(1024, reference.Dimension, 2024);
    var metrics = parse.GetValue(metricsUrl);
    using var prometheus = metrics is null ? null : new PrometheusBatchSizeSource(metrics, parse.GetValue(batchMetric)!);
    IBatchSizeSource batches = prometheus ?? (IBatchSizeSource)new NoBatchSizeSource();
    Console.WriteLine($"sweep {options.Name}: N = {reference.Count}, d = {reference.Dimension}, k = {options.TopK}, {options.Settings.Count} settings, {options.Arrivals} arrivals, rates {string.Join(' ', options.Rates)}");
    var points = await new SweepRunner(options, reference, queries, batches).RunAsync(cancellationToken);

    var stem = Path.Combine(options.OutputDirectory, options.Name);
    var heading = string.Create(CultureInfo.InvariantCulture, $"N = {reference.Count:N0}, d = {reference.Dimension}, k = {options.TopK}, scorer {parse.GetValue(scorer)}");
    var best = SweepReport.BestUnder(points, options.P99BoundMs);
    await File.WriteAllTextAsync(stem + ".csv", SweepReport.Csv(points), cancellationToken);
    await File.WriteAllTextAsync(stem + ".md", SweepReport.Markdown(points, options, heading), cancellationToken);
    await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "raw", options.Name + ".json"), JsonSerializer.Serialize(points, ResultText.Json), cancellationToken);
    SweepChart.Write(points, best, options.P99BoundMs, $"p99 latency vs achieved throughput — {heading}\n{options.Note}", stem + ".png", stem + ".svg");
    Console.WriteLine($"wrote {stem}.csv, .md, .png, .svg");
    return points.Any(p => p.VerificationFailures > 0) ? 3 : 0;
});
return await root.Parse(args).InvokeAsync();

static string DefaultHostDll()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "RsPipeline.sln")))
        {
            return Path.Combine(dir.FullName, "Host", "bin", "Release", "net10.0", "RsPipeline.Host.dll");
        }
    }

    return Path.GetFullPath("Host/bin/Release/net10.0/RsPipeline.Host.dll");
}
