using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using RsPipeline.Admin.V1;
using RsPipeline.Catalog.Formats.Npy;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.TestSupport;
using RsPipeline.TestSupport.Reference;
using RsPipeline.Recall.V1;
using AdminClient = RsPipeline.Admin.V1.Admin.AdminClient;

namespace RsPipeline.Host.Tests;

public sealed class AdminServiceTests : IDisposable
{
    private const string Token = "s3cret-token-for-tests";
    private static readonly Metadata Authorized = new() { { "authorization", $"Bearer {Token}" } };

    private readonly TestCatalog _catalog = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("rspipeline-admin-tests-").FullName;

    public void Dispose()
    {
        _catalog.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<(TestServer Server, GrpcChannel Admin)> StartAsync(params string[] extra) =>
        StartWithoutRootsAsync([$"--Admin:AllowedRoots:0={_directory}", .. extra]);

    private async Task<(TestServer Server, GrpcChannel Admin)> StartWithoutRootsAsync(params string[] extra)
    {
        var server = await TestServer.StartAsync(TestServer.Arguments(_catalog, ["--Admin:Enabled=true", "--Admin:Port=0", $"--Admin:Token={Token}", "--Catalog:Version=first", .. extra]));
        return (server, GrpcChannel.ForAddress(RsPipelineServer.AdminAddress(server.App)!));
    }

    /// <summary>The same rows negated under the same ids: every query's answer changes.</summary>
    private string WriteNegated()
    {
        var path = Path.Combine(_directory, "negated.npy");
        NpyWriter.Write(path, _catalog.Embeddings.Select(v => -v).ToArray(), TestCatalog.Count, TestCatalog.Dimension);
        return path;
    }

    [Fact]
    public async Task AdminDisabled_TheServiceIsNotMapped()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog));

        var error = await Assert.ThrowsAsync<RpcException>(() => new AdminClient(server.Channel).ReloadAsync(new ReloadRequest()).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Null(RsPipelineServer.AdminAddress(server.App));
    }

    [Fact]
    public async Task Token_IsEnforced_AndThePublicPortRefusesAdminCalls()
    {
        var (server, channel) = await StartAsync();
        await using var _ = server;
        using var __ = channel;
        var admin = new AdminClient(channel);

        var missing = await Assert.ThrowsAsync<RpcException>(() => admin.ReloadAsync(new ReloadRequest()).ResponseAsync.DefaultTimeout());
        var wrong = await Assert.ThrowsAsync<RpcException>(() => admin.ReloadAsync(new ReloadRequest(), new Metadata { { "authorization", "Bearer nope" } }).ResponseAsync.DefaultTimeout());
        var publicPort = await Assert.ThrowsAsync<RpcException>(() => new AdminClient(server.Channel).ReloadAsync(new ReloadRequest(), Authorized).ResponseAsync.DefaultTimeout());
        var reply = await admin.ReloadAsync(new ReloadRequest(), Authorized).ResponseAsync.DefaultTimeout();

        Assert.Equal(StatusCode.Unauthenticated, missing.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, publicPort.StatusCode);
        Assert.Equal(("first", "first", TestCatalog.Count, TestCatalog.Dimension), (reply.CatalogVersion, reply.PreviousVersion, reply.ItemCount, reply.Dimension));
    }

    [Fact]
    public async Task ReloadUnderLoadFromSeveralClients_LosesNoRequest_AndEveryReplyIsOneVersionsAnswer()
    {
        var (server, channel) = await StartAsync();
        await using var _ = server;
        using var __ = channel;
        var negated = WriteNegated();
        var expected = new Dictionary<string, float[]> { ["first"] = _catalog.Embeddings, ["second"] = _catalog.Embeddings.Select(v => -v).ToArray(), ["third"] = _catalog.Embeddings };
        using var stop = new CancellationTokenSource();
        var answers = Channel.CreateUnbounded<(int Seed, RecallReply Reply)>();
        var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            var client = server.Typed;
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var seed = (c * 100_000) + i;
                var request = new Recall.V1.RecallRequest { TopK = 5 };
                request.Vector.Add(TestCatalog.Query(seed));
                await answers.Writer.WriteAsync((seed, await client.RecallAsync(request)));
            }
        })).ToArray();
        var admin = new AdminClient(channel);
        var replies = new List<(int Seed, RecallReply Reply)>();

        // Each version must answer some requests before the next replaces it: read replies until it has.
        async Task RepliesFrom(string version)
        {
            while (replies.Count(r => r.Reply.CatalogVersion == version) < 20)
            {
                replies.Add(await answers.Reader.ReadAsync());
            }
        }

        await RepliesFrom("first").DefaultTimeout();
        var second = await admin.ReloadAsync(new ReloadRequest { EmbeddingsPath = negated, Version = "second" }, Authorized).ResponseAsync.DefaultTimeout();
        await RepliesFrom("second").DefaultTimeout();
        var third = await admin.ReloadAsync(new ReloadRequest { Version = "third" }, Authorized).ResponseAsync.DefaultTimeout();
        await RepliesFrom("third").DefaultTimeout();
        await stop.CancelAsync();
        await Task.WhenAll(clients).DefaultTimeout();
        answers.Writer.Complete();
        await foreach (var answer in answers.Reader.ReadAllAsync())
        {
            replies.Add(answer);
        }

        Assert.Equal(("first", "second"), (second.PreviousVersion, second.CatalogVersion));
        Assert.Equal(("second", "third"), (third.PreviousVersion, third.CatalogVersion));
        Assert.Equal(["first", "second", "third"], replies.Select(r => r.Reply.CatalogVersion).Distinct().Order());
        foreach (var (seed, reply) in replies)
        {
            var top = BruteForceTopK.TopK(TestCatalog.Query(seed), expected[reply.CatalogVersion], TestCatalog.Count, TestCatalog.Dimension, 5);
            Assert.Equal(top.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), reply.ItemIds);
        }
    }

    [Fact]
    public async Task CorruptOrMissingFiles_AreRefusedWithTheReason_AndTheServiceContinues()
    {
        var (server, channel) = await StartAsync();
        await using var _ = server;
        using var __ = channel;
        var corrupt = Path.Combine(_directory, "corrupt.npy");
        await File.WriteAllBytesAsync(corrupt, File.ReadAllBytes(_catalog.EmbeddingsPath)[..1000]);
        var admin = new AdminClient(channel);

        var truncated = await Assert.ThrowsAsync<RpcException>(() => admin.ReloadAsync(new ReloadRequest { EmbeddingsPath = corrupt }, Authorized).ResponseAsync.DefaultTimeout());
        var missing = await Assert.ThrowsAsync<RpcException>(() => admin.ReloadAsync(new ReloadRequest { EmbeddingsPath = Path.Combine(_directory, "nowhere.npy") }, Authorized).ResponseAsync.DefaultTimeout());
        var badFormat = await Assert.ThrowsAsync<RpcException>(() => admin.ReloadAsync(new ReloadRequest { Format = "parquet" }, Authorized).ResponseAsync.DefaultTimeout());
        var request = new Recall.V1.RecallRequest { TopK = 3 };
        request.Vector.Add(TestCatalog.Query(1));
        var reply = await server.Typed.RecallAsync(request).ResponseAsync.DefaultTimeout();

        Assert.Equal(StatusCode.FailedPrecondition, truncated.StatusCode);
        Assert.Contains(corrupt, truncated.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("truncated", truncated.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("still serving first", truncated.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.Contains("nowhere.npy", missing.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, badFormat.StatusCode);
        Assert.Equal("first", reply.CatalogVersion);
        _catalog.AssertTopK(TestCatalog.Query(1), reply.ItemIds, 3);
    }

    [Fact]
    public async Task NonLoopbackAdminWithoutToken_StopsStartUp_NamingTheKeys()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestServer.StartAsync(TestServer.Arguments(_catalog, "--Admin:Enabled=true", "--Admin:BindAddress=0.0.0.0", "--Admin:Port=0")));

        var message = error is AggregateException aggregate ? string.Join("\n", aggregate.Flatten().InnerExceptions.Select(e => e.Message)) : error.Message;
        Assert.Contains("Admin:Token", message, StringComparison.Ordinal);
    }
}
