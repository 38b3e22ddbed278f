using System.CommandLine;
using RsPipeline.LoadGeneration.Verification;

namespace RsPipeline.LoadGenerator;

/// <summary>The options that say which catalogue the server serves (for verification) and which queries to send.</summary>
internal sealed class ReferenceOptions
{
    public required Option<FileInfo?> Catalog { get; init; }

    public required Option<FileInfo?> Ids { get; init; }

    public required Option<int?> SyntheticItems { get; init; }

    public required Option<int> Dimension { get; init; }

    public required Option<ulong> SyntheticSeed { get; init; }

    public required Option<int> VerifyEvery { get; init; }

    public required Option<int> VerifyMax { get; init; }

    public required Option<int> QueryCount { get; init; }

    public required Option<ulong> QuerySeed { get; init; }

    public static ReferenceOptions Create() => new()
    {
        Catalog = new("--catalog") { Description = "the .npy file the server serves (Catalog:EmbeddingsPath): replies are verified against it" },
        Ids = new("--ids") { Description = "its id file (Catalog:ItemIdsPath), if any" },
        SyntheticItems = new("--synthetic-items") { Description = "or: the server serves its synthetic catalogue of this many items (Catalog:SyntheticItemCount)" },
        Dimension = new("--dim") { Description = "d: of the synthetic catalogue, or of the queries when nothing is verified", DefaultValueFactory = _ => 64 },
        SyntheticSeed = new("--synthetic-seed") { Description = "Catalog:SyntheticSeed", DefaultValueFactory = _ => 42 },
        VerifyEvery = new("--verify-every") { Description = "keep one reply in this many for verification", DefaultValueFactory = _ => 50 },
        VerifyMax = new("--verify-max") { Description = "verify at most this many replies", DefaultValueFactory = _ => 100 },
        QueryCount = new("--queries") { Description = "distinct query vectors cycled through", DefaultValueFactory = _ => 1024 },
        QuerySeed = new("--query-seed") { Description = "seed of the query vectors", DefaultValueFactory = _ => 2024 },
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Catalog);
        command.Options.Add(Ids);
        command.Options.Add(SyntheticItems);
        command.Options.Add(Dimension);
        command.Options.Add(SyntheticSeed);
        command.Options.Add(VerifyEvery);
        command.Options.Add(VerifyMax);
        command.Options.Add(QueryCount);
        command.Options.Add(QuerySeed);
    }

    /// <summary>The reference catalogue, or null when neither --catalog nor --synthetic-items was given (replies then go unverified).</summary>
    public ReferenceCatalog? Load(ParseResult parse)
    {
        if (parse.GetValue(Catalog) is { } file)
        {
            return ReferenceCatalog.Load(file.FullName, parse.GetValue(Ids)?.FullName);
        }

        return parse.GetValue(SyntheticItems) is { } items
            ? ReferenceCatalog.Synthetic(items, parse.GetValue(Dimension), parse.GetValue(SyntheticSeed))
            : null;
    }
}
