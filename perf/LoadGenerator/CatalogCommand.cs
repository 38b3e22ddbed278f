using System.CommandLine;
using System.Diagnostics;
using RsPipeline.LoadGeneration;

namespace RsPipeline.LoadGenerator;

/// <summary>`catalog`: writes the deterministic benchmark catalogue.</summary>
internal static class CatalogCommand
{
    public static Command Create()
    {
        var items = new Option<int>("--items") { Description = "rows N", DefaultValueFactory = _ => 1_000_000 };
        var dimension = new Option<int>("--dim") { Description = "dimension d", DefaultValueFactory = _ => 64 };
        var seed = new Option<ulong>("--seed") { Description = "generator seed (same seed, same bytes on any machine)", DefaultValueFactory = _ => 42 };
        var output = new Option<FileInfo>("--out") { Description = "the .npy file to write", Required = true };
        var ids = new Option<FileInfo?>("--ids") { Description = "also write an id file (item-0, item-1, …) here" };
        var command = new Command("catalog", "Write a seeded N × d float32 catalogue as .npy (standard normal values, the server's synthetic generator).")
        {
            items, dimension, seed, output, ids,
        };
        command.SetAction(parse =>
        {
            var started = Stopwatch.StartNew();
            var path = parse.GetValue(output)!.FullName;
            CatalogFiles.Write(path, parse.GetValue(items), parse.GetValue(dimension), parse.GetValue(seed), parse.GetValue(ids)?.FullName);
            Console.WriteLine($"wrote {path} ({parse.GetValue(items)} × {parse.GetValue(dimension)}, seed {parse.GetValue(seed)}) in {started.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        return command;
    }
}
