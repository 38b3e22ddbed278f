using System.CommandLine;
using System.Text.Json;
using RsPipeline.LoadGeneration;
using RsPipeline.LoadGeneration.Calls;

namespace RsPipeline.LoadGenerator;

/// <summary>`run`: load against a running server, with verification of sampled replies.</summary>
internal static class RunCommand
{
    public const int ExitVerificationFailed = 3;
    public const int ExitNotReady = 4;

    public static Command Create()
    {
        var target = new Option<string>("--target") { Description = "server address (h2c)", DefaultValueFactory = _ => "http://127.0.0.1:50051" };
        var api = new Option<ApiKind>("--api") { Description = "Seed (rs.RSer, text) or Typed (recall.v1)", DefaultValueFactory = _ => ApiKind.Seed };
        var rate = new Option<double?>("--rate") { Description = "open loop: offered requests/s, Poisson arrivals (omit for the closed loop)" };
        var concurrency = new Option<int>("--concurrency") { Description = "closed loop: callers back to back", DefaultValueFactory = _ => 16 };
        var duration = new Option<double>("--duration") { Description = "seconds of measured load", DefaultValueFactory = _ => 10 };
        var count = new Option<long?>("--count") { Description = "most requests in the measured run (with --duration, whichever ends first)" };
        var warmup = new Option<double>("--warmup") { Description = "seconds of unmeasured load first", DefaultValueFactory = _ => 2 };
        var topK = new Option<int>("--top-k") { Description = "k: asked for (typed) and expected (both; the seed API answers Recall:DefaultTopK)", DefaultValueFactory = _ => 100 };
        var channels = new Option<int>("--channels") { Description = "gRPC channels (each may open several HTTP/2 connections)", DefaultValueFactory = _ => 4 };
        var reference = ReferenceOptions.Create();
        var json = new Option<FileInfo?>("--json") { Description = "write the result as JSON here" };
        var ready = new Option<double>("--wait-ready") { Description = "wait this many seconds for health SERVING first (0: do not check)", DefaultValueFactory = _ => 60 };
        var deadline = new Option<double>("--deadline-ms") { Description = "each call's deadline", DefaultValueFactory = _ => 10_000 };
        var late = new Option<double>("--late-threshold-ms") { Description = "open loop: a send this far behind schedule counts as late", DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { Description = "seed of the arrival schedule", DefaultValueFactory = _ => 1 };
        var command = new Command("run", "Drive a running server: open loop (--rate) or closed loop (--concurrency); print percentiles, errors by status, lateness; verify sampled replies.")
        {
            target, api, rate, concurrency, duration, count, warmup, topK, channels, json, ready, deadline, late, seed,
        };
        reference.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var catalog = reference.Load(parse);
            var queries = QuerySet.Generate(parse.GetValue(reference.QueryCount), catalog?.Dimension ?? parse.GetValue(reference.Dimension), parse.GetValue(reference.QuerySeed));
            using var set = new ChannelSet(new Uri(parse.GetValue(target)!), parse.GetValue(channels));
            if (parse.GetValue(ready) > 0 && !await HealthWait.UntilServingAsync(set.Channels[0], TimeSpan.FromSeconds(parse.GetValue(ready)), () => true, cancellationToken))
            {
                Console.Error.WriteLine($"{parse.GetValue(target)} did not report SERVING within {parse.GetValue(ready)} s");
                return ExitNotReady;
            }

            await set.ConnectAsync(cancellationToken);
            IRecallCaller caller = parse.GetValue(api) == ApiKind.Seed ? new SeedApiCaller(set, queries) : new TypedApiCaller(set, queries, parse.GetValue(topK));
            var spec = new LoadSpec
            {
                RatePerSecond = parse.GetValue(rate),
                Concurrency = parse.GetValue(concurrency),
                Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                Count = parse.GetValue(count),
                TopK = parse.GetValue(topK),
                CallDeadline = TimeSpan.FromMilliseconds(parse.GetValue(deadline)),
                LateThreshold = TimeSpan.FromMilliseconds(parse.GetValue(late)),
                VerifyEvery = catalog is null ? 0 : parse.GetValue(reference.VerifyEvery),
                VerifyMax = parse.GetValue(reference.VerifyMax),
                Seed = parse.GetValue(seed),
            };
            Console.WriteLine($"{parse.GetValue(api)} API at {parse.GetValue(target)}, {queries.Count} queries of d = {queries.Dimension}, reference: {catalog?.Description ?? "none (not verified)"}");
            var result = await new LoadRunner(caller, queries).RunAsync(spec, TimeSpan.FromSeconds(parse.GetValue(warmup)), catalog, cancellationToken);
            Console.WriteLine(ResultText.Describe(result));
            if (parse.GetValue(json) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(result, ResultText.Json), cancellationToken);
            }

            return result.Verification.Passed ? 0 : ExitVerificationFailed;
        });
        return command;
    }
}
