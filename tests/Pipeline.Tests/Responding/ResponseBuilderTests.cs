using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Responding;
using RsPipeline.Pipeline.Telemetry;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Responding;

/// <summary>The reply builder's own edges: how a small set of exclusions is compared, and an unscored request.</summary>
public sealed class ResponseBuilderTests : IDisposable
{
    private static readonly ItemCatalog Catalog = TestCatalogs.Gaussian(20, 4, seed: 3);

    private readonly RsPipelineTelemetry _telemetry = new();

    public void Dispose() => _telemetry.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public void AtMostTheSetThreshold_ExclusionsGivenAsASet_AreScannedOrdinally_NotWithTheSetsComparer(int exclusions)
    {
        // Up to 8 exclusions are scanned in order with the ordinal comparer, whatever collection holds
        // them; only past 8 is a caller's set used as given (RespondStageTests.ExclusionsGivenAsASet_AreUsedAsGiven).
        var excluded = new HashSet<string>(Catalog.ItemIds.Take(exclusions).Select(id => id.ToUpperInvariant()), StringComparer.OrdinalIgnoreCase);
        var item = Scored(topK: 2, excluded, candidates: 10);

        var result = ResponseBuilder.Build(item);

        Assert.Equal(Catalog.ItemIds.Take(2), result.ItemIds);
    }

    [Fact]
    public void AnUnscoredRequest_IsRefusedWithTheReason()
    {
        var item = Scored(topK: 2, [], candidates: 2);
        item.Candidates = null;

        var error = Assert.Throws<InvalidOperationException>(() => ResponseBuilder.Build(item));

        Assert.Equal("request reached the respond stage unscored", error.Message);
    }

    private RecallWorkItem Scored(int topK, IReadOnlyCollection<string> excluded, int candidates)
    {
        var admission = new Admission(10, new RecallInstrumentation(_telemetry, new FakeTimeProvider()), new FakeLogger());
        var item = new RecallWorkItem(new RecallRequest { Features = new float[4], ExcludedItemIds = excluded }, topK, 0, long.MaxValue, admission);
        item.Candidates = new ScoredCandidates(Enumerable.Range(0, candidates).ToArray(), Enumerable.Range(0, candidates).Select(i => 100f - i).ToArray(), Catalog);
        return item;
    }
}
