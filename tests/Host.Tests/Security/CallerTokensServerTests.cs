using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using RsPipeline.Host.Security.Callers;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Protos.Rs;
using RsPipeline.Recall.V1;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Security;

/// <summary>Bearer tokens on the public services of the real server: required, per caller, rotated without a restart.</summary>
public sealed class CallerTokensServerTests : IAsyncLifetime, IDisposable
{
    private readonly TestCatalog _catalog = new();
    private readonly TemporaryDirectory _directory = new();
    private TestServer? _server;
    private string _tokens = string.Empty;

    private TestServer Server => _server!;

    public async Task InitializeAsync()
    {
        _tokens = _directory.File("tokens", $"checkout {TokenFile.HashOf("checkout-key-1")}\n");
        _server = await TestServer.StartAsync(TestServer.Arguments(_catalog, $"--Auth:TokensPath={_tokens}"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-listed-key")]
    [InlineData("Basic Y2hlY2tvdXQ6a2V5")]
    [InlineData("checkout-key-1")]
    public async Task CallWithoutAListedToken_IsUnauthenticated_AndNeverReachesThePipeline(string? authorization)
    {
        var headers = authorization is null ? new Metadata() : new Metadata { { "authorization", authorization } };
        var before = Server.Gate.Submitted;

        var error = await Assert.ThrowsAsync<RpcException>(() => Server.Seed.CallRsItemsAsync(SeedRequest(), headers).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("authorization: Bearer <token>", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, Server.Gate.Submitted);
    }

    [Fact]
    public async Task ListedToken_IsAnswered_OnBothPublicServices()
    {
        var query = TestCatalog.Query(8);

        var seed = await Server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) }, Bearer("checkout-key-1"));
        var typed = await Server.Typed.RecallAsync(new RecallRequest { Vector = { query }, TopK = 5 }, Bearer("checkout-key-1"));

        _catalog.AssertTopK(query, seed.Items.Split(','), 100);
        _catalog.AssertTopK(query, typed.ItemIds, 5);
    }

    [Fact]
    public async Task Health_NeedsNoToken()
    {
        var reply = await Server.Health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task RotatedKeys_TakeEffectWithoutRestart()
    {
        var tokens = Server.App.Services.GetRequiredService<CallerTokens>();
        await File.WriteAllTextAsync(_tokens, $"checkout {TokenFile.HashOf("checkout-key-1")}\ncheckout {TokenFile.HashOf("checkout-key-2")}\n");
        Assert.True(tokens.ReloadIfChanged());

        await Server.Seed.CallRsItemsAsync(SeedRequest(), Bearer("checkout-key-1"));
        await Server.Seed.CallRsItemsAsync(SeedRequest(), Bearer("checkout-key-2"));

        await File.WriteAllTextAsync(_tokens, $"checkout {TokenFile.HashOf("checkout-key-2")}\n");
        Assert.True(tokens.ReloadIfChanged());
        await Server.Seed.CallRsItemsAsync(SeedRequest(), Bearer("checkout-key-2"));
        var error = await Assert.ThrowsAsync<RpcException>(() => Server.Seed.CallRsItemsAsync(SeedRequest(), Bearer("checkout-key-1")).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task MalformedTokenFile_KeepsTheTokensInForce()
    {
        var tokens = Server.App.Services.GetRequiredService<CallerTokens>();
        await File.WriteAllTextAsync(_tokens, "checkout not-a-hash\n");

        Assert.False(tokens.ReloadIfChanged());

        await Server.Seed.CallRsItemsAsync(SeedRequest(), Bearer("checkout-key-1"));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    // xunit disposes after DisposeAsync.

    public void Dispose()
    {
        _directory.Dispose();
        _catalog.Dispose();
    }

    internal static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };

    private static userRequest SeedRequest() => new() { Vector = TestCatalog.ToText(TestCatalog.Query(1)) };
}
