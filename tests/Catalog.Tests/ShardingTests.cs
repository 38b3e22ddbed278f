using FsCheck.Xunit;
using Microsoft.Extensions.Logging.Testing;
using RsPipeline.Catalog.Sharding;
using RsPipeline.Catalog.Synthetic;
using RsPipeline.TestSupport;
using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Catalog.Tests;

public class ShardingTests
{
    private readonly CatalogLoader _loader = new(new FakeLogger<CatalogLoader>());

    [Property(MaxTest = 300)]
    public bool Ranges_CoverEveryRowOnceInOrder_SizesDifferByAtMostOne(ushort rowsSeed, byte countSeed)
    {
        var rows = 1 + (rowsSeed % 5000);
        var count = 1 + (countSeed % Math.Min(rows, 64));
        var ranges = Enumerable.Range(0, count).Select(i => ShardRange.Of(i, count, rows)).ToArray();
        var contiguous = ranges.Zip(ranges.Skip(1)).All(pair => pair.First.EndRow == pair.Second.FirstRow);
        var sizes = ranges.Select(r => r.Rows).ToArray();
        return ranges[0].FirstRow == 0 && ranges[^1].EndRow == rows && contiguous && sizes.Max() - sizes.Min() <= 1 && sizes.Min() >= 1;
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(3, 3)]
    [InlineData(0, 11)]
    public void Range_RefusesAnIndexOutsideOrMoreShardsThanRows(int index, int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardRange.Of(index, count, 10));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void SyntheticShard_HoldsTheSameRowsAsTheWholeCatalogue_WithGlobalIds(int index)
    {
        const int Rows = 1001, Dimension = 7;
        var whole = _loader.Load(new CatalogOptions { SyntheticItemCount = Rows, SyntheticDimension = Dimension, SyntheticSeed = 9 });
        var shard = _loader.Load(new CatalogOptions
        {
            SyntheticItemCount = Rows, SyntheticDimension = Dimension, SyntheticSeed = 9,
            Shard = new CatalogShardOptions { Index = index, Count = 3 },
        });

        var range = ShardRange.Of(index, 3, Rows);
        Assert.Equal(range, shard.Shard);
        Assert.Equal(range.Rows, shard.Count);
        Assert.Equal(whole.Version, shard.Version);
        for (var row = 0; row < shard.Count; row++)
        {
            var global = (int)range.FirstRow + row;
            Assert.Equal(whole.ItemIds[global], shard.ItemIds[row]);
            Assert.True(whole.Row(global).SequenceEqual(shard.Row(row)), $"row {global} differs");
        }
    }

    [Fact]
    public void FileShard_TakesItsRangeOfTheWholeFile_WithTheWholeFilesVersionAndIds()
    {
        var whole = _loader.Load(new CatalogOptions { EmbeddingsPath = TestData.CatalogueNpy, ItemIdsPath = TestData.ItemIds });
        var shard = _loader.Load(new CatalogOptions
        {
            EmbeddingsPath = TestData.CatalogueNpy, ItemIdsPath = TestData.ItemIds,
            Shard = new CatalogShardOptions { Index = 3, Count = 4 },
        });

        Assert.Equal(whole.Version, shard.Version);
        Assert.Equal(new ShardRange(3, 4, 3750, 1250), shard.Shard);
        Assert.Equal(whole.ItemIds.Skip(3750), shard.ItemIds);
        Assert.True(whole.Row(3750).SequenceEqual(shard.Row(0)));
        Assert.True(whole.Row(4999).SequenceEqual(shard.Row(1249)));
    }

    [Fact]
    public void FileShard_WithMoreShardsThanRows_FailsNamingTheKey()
    {
        var error = Assert.Throws<CatalogLoadException>(() => _loader.Load(new CatalogOptions
        {
            EmbeddingsPath = TestData.CatalogueNpy,
            Shard = new CatalogShardOptions { Index = 0, Count = 5001 },
        }));
        Assert.Contains("Catalog:Shard:Count is 5001", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SplitFiles_LoadedWithTheirOffsets_EqualTheWholeCataloguesShards(bool withIds)
    {
        using var directory = new TemporaryDirectory();
        var idsPath = withIds ? TestData.ItemIds : null;
        var split = CatalogSplitter.Split(TestData.CatalogueNpy, idsPath, 3, directory.Path);
        var whole = _loader.Load(new CatalogOptions { EmbeddingsPath = TestData.CatalogueNpy, ItemIdsPath = idsPath });

        Assert.Equal(whole.Version, split.Version);
        Assert.Equal(3, split.Shards.Count);
        foreach (var file in split.Shards)
        {
            var shard = _loader.Load(new CatalogOptions
            {
                EmbeddingsPath = file.EmbeddingsPath, ItemIdsPath = file.ItemIdsPath, Version = split.Version,
                Shard = new CatalogShardOptions { Index = file.Range.Index, Count = 3, RowOffset = file.Range.FirstRow },
            });
            var fromWhole = _loader.Load(new CatalogOptions
            {
                EmbeddingsPath = TestData.CatalogueNpy, ItemIdsPath = idsPath,
                Shard = new CatalogShardOptions { Index = file.Range.Index, Count = 3 },
            });

            Assert.Equal(fromWhole.Shard, shard.Shard);
            Assert.Equal(fromWhole.ItemIds, shard.ItemIds);
            Assert.Equal(fromWhole.Version, shard.Version);
            Assert.True(fromWhole.Embeddings.Span.SequenceEqual(shard.Embeddings.Span));
        }
    }

    [Theory]
    [InlineData(-1, 2, null, "Catalog:Shard:Index must be between 0 and Catalog:Shard:Count - 1 = 1, was -1")]
    [InlineData(2, 2, null, "Catalog:Shard:Index must be between 0 and Catalog:Shard:Count - 1 = 1, was 2")]
    [InlineData(0, 0, null, "Catalog:Shard:Count must be ≥ 1, was 0")]
    [InlineData(0, 11, null, "Catalog:Shard:Count is 11, more shards than the synthetic catalogue's 10 rows")]
    [InlineData(0, 2, 5L, "Catalog:Shard:RowOffset is set but Catalog:EmbeddingsPath is not")]
    public void Validator_NamesTheShardKey(int index, int count, long? offset, string expected)
    {
        var options = new CatalogOptions { SyntheticItemCount = 10, Shard = new CatalogShardOptions { Index = index, Count = count, RowOffset = offset } };

        var result = new CatalogOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_RequiresAVersionForARangeFile()
    {
        var options = new CatalogOptions { EmbeddingsPath = TestData.CatalogueNpy, Shard = new CatalogShardOptions { Count = 2, RowOffset = 0 } };

        var result = new CatalogOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, failure => failure.StartsWith("Catalog:Shard:RowOffset is set but Catalog:Version is not", StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_AcceptsTheDefaultsAndAValidShard()
    {
        Assert.True(new CatalogOptionsValidator().Validate(null, new CatalogOptions()).Succeeded);
        Assert.True(new CatalogOptionsValidator().Validate(null, new CatalogOptions { Shard = new CatalogShardOptions { Index = 2, Count = 3 } }).Succeeded);
    }

    [Fact]
    public void SyntheticGenerator_PrefixIsTheWholeCataloguesFirstRows()
    {
        var whole = SyntheticCatalog.Generate(101, 3, 5);
        var prefix = SyntheticCatalog.Generate(50, 3, 5);
        Assert.True(whole.AsSpan(0, prefix.Length).SequenceEqual(prefix));
    }
}
