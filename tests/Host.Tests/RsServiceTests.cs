using Grpc.Core;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Protos.Rs;

namespace RsPipeline.Host.Tests;

[Collection(SharedServer.Name)]
public sealed class RsServiceTests(ServerFixture fixture)
{
    private const int DefaultTopK = 100;

    [Theory]
    [InlineData(1, ",")]
    [InlineData(2, " , ")]
    [InlineData(3, ",\t")]
    public async Task CallRsItems_FeatureText_ReturnsBruteForceTopKBestFirst(int seed, string separator)
    {
        var query = TestCatalog.Query(seed);

        var reply = await fixture.Server.Seed.CallRsItemsAsync(new userRequest { Vector = " " + TestCatalog.ToText(query, separator) + " " });

        fixture.Catalog.AssertTopK(query, reply.Items.Split(','), DefaultTopK);
    }

    [Fact]
    public async Task CallRsItems_WrongDimension_InvalidArgumentNamingExpectedAndActual()
    {
        var error = await Assert.ThrowsAsync<RpcException>(
            () => fixture.Server.Seed.CallRsItemsAsync(new userRequest { Vector = "0.5,1,2" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains($"expected {TestCatalog.Dimension} values, got 3", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("1,2,x,4,5,6,7,8,9,10,11,12,13,14,15,16")]
    [InlineData("1,,3,4,5,6,7,8,9,10,11,12,13,14,15,16")]
    [InlineData("NaN,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16")]
    [InlineData("Infinity,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16")]
    [InlineData("1e39,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16")]
    [InlineData("1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16")]
    public async Task CallRsItems_BadVectorText_InvalidArgumentWithMessage(string vector)
    {
        var error = await Assert.ThrowsAsync<RpcException>(
            () => fixture.Server.Seed.CallRsItemsAsync(new userRequest { Vector = vector }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(error.Status.Detail));
    }

    [Fact]
    public async Task CallRsItems_MessageOverLimit_ResourceExhausted()
    {
        var vector = string.Join(',', Enumerable.Repeat("0.123456789", (TestServer.MaxReceiveMessageBytes / 10) + 1));

        var error = await Assert.ThrowsAsync<RpcException>(
            () => fixture.Server.Seed.CallRsItemsAsync(new userRequest { Vector = vector }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task CallRsItems_AfterBadCalls_StillServes()
    {
        await Assert.ThrowsAsync<RpcException>(() => fixture.Server.Seed.CallRsItemsAsync(new userRequest { Vector = "x" }).ResponseAsync);
        var query = TestCatalog.Query(9);

        var reply = await fixture.Server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) });

        fixture.Catalog.AssertTopK(query, reply.Items.Split(','), DefaultTopK);
    }

    [Fact]
    public async Task CallRsItems_Deadline_PassedToPipeline()
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);

        await fixture.Server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(4)) }, deadline: deadline);

        var seen = fixture.Server.Gate.LastRequest?.Deadline;
        Assert.NotNull(seen);
        Assert.InRange(seen.Value, deadline.AddSeconds(-1), deadline.AddSeconds(1));
    }
}
