using System.Globalization;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RsPipeline.Client;
using RsPipeline.Host.Security.Callers;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Host.Tests.Security;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.ClientLibrary;

/// <summary>The client library against the real server: dns:/// with round-robin, TLS, mutual TLS and a token.</summary>
public sealed class RsPipelineClientServerTests : IDisposable
{
    private readonly TestCatalog _catalog = new();
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task DnsAddress_TypedCalls_AnswerTheExactTopK()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog));
        await using var services = new ServiceCollection()
            .AddRsPipelineClient(options => options.Address = new Uri($"dns:///localhost:{server.Port}"))
            .BuildServiceProvider();
        var client = services.GetRequiredService<RsPipelineClient>();
        var queries = Enumerable.Range(20, 3).Select(TestCatalog.Query).ToArray();

        var one = await client.RecallAsync(queries[0], topK: 7, excludeItemIds: ["0", "1"], includeScores: true);
        var page = await client.RecallManyAsync(queries.Select(q => RsPipelineClient.Request(q, topK: 5)));
        var seed = await client.CallRsItemsAsync(queries[2]);

        _catalog.AssertTopK(queries[0], one.ItemIds, 7, ["0", "1"]);
        Assert.Equal(7, one.Scores.Count);
        Assert.Equal(3, page.Replies.Count);
        for (var i = 0; i < queries.Length; i++)
        {
            _catalog.AssertTopK(queries[i], page.Replies[i].ItemIds, 5);
        }

        _catalog.AssertTopK(queries[2], seed, 100);
    }

    [Fact]
    public async Task MutualTlsAndToken_Answered_WithoutTokenUnauthenticatedAndNotRetried()
    {
        using var certificates = new TestCertificates();
        var (certificate, key) = certificates.Write(certificates.IssueServer(), "server");
        var tokens = _directory.File("tokens", $"ranker {TokenFile.HashOf("ranker-key")}\n");
        await using var server = await TestServer.StartAsync(
            TestServer.Arguments(_catalog, $"--Server:Tls:CertificatePath={certificate}", $"--Server:Tls:KeyPath={key}", $"--Server:Tls:ClientCaPath={certificates.AuthorityPath}", $"--Auth:TokensPath={tokens}"),
            connect: address => TlsChannels.Create(address, certificates.Authority, certificates.IssueClient("probe")));
        var clientCertificate = certificates.IssueClient("ranker");
        void Secure(RsPipelineClientOptions options)
        {
            options.Address = new Uri($"https://127.0.0.1:{server.Port}");
            options.TrustedAuthorities = [certificates.Authority];
            options.ClientCertificate = clientCertificate;
        }

        await using var withToken = new ServiceCollection().AddRsPipelineClient(options => { Secure(options); options.BearerToken = "ranker-key"; }).BuildServiceProvider();
        await using var withoutToken = new ServiceCollection().AddRsPipelineClient(Secure).BuildServiceProvider();
        var query = TestCatalog.Query(30);
        var before = server.Gate.Submitted;

        var reply = await withToken.GetRequiredService<RsPipelineClient>().RecallAsync(query, topK: 3);
        var error = await Assert.ThrowsAsync<RpcException>(() => withoutToken.GetRequiredService<RsPipelineClient>().RecallAsync(query));

        _catalog.AssertTopK(query, reply.ItemIds, 3);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(before + 1, server.Gate.Submitted);
    }

    [Fact]
    public void InvalidOptions_EveryProblemNamed_WhenFirstResolved()
    {
        using var services = new ServiceCollection().AddRsPipelineClient(options =>
        {
            options.Address = new Uri("http://127.0.0.1:1");
            options.BearerToken = "key";
            options.MaxAttempts = 9;
            options.DefaultDeadline = TimeSpan.Zero;
        }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<RsPipelineClient>());

        Assert.Contains("BearerToken would travel in clear text", error.Message, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"MaxAttempts must be between 1 and 5 (got 9)"), error.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultDeadline must be positive", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _directory.Dispose();
        _catalog.Dispose();
    }
}
