using Grpc.Core;
using Grpc.Net.Client;
using RsPipeline.Admin.V1;
using RsPipeline.Catalog.Formats.Npy;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.TestSupport;
using AdminClient = RsPipeline.Admin.V1.Admin.AdminClient;

namespace RsPipeline.Host.Tests;

/// <summary>
/// Issue 13, defects 1 and 10: a reload reads files under Admin:AllowedRoots only (real paths,
/// links followed), its errors never quote a file's content, and the admin details (bearer
/// scheme, directories, version length).
/// </summary>
public sealed class AdminReloadPathsTests : IDisposable
{
    private const string Token = "token-that-must-never-leak";

    private readonly TestCatalog _catalog = new();
    private readonly string _root = Directory.CreateTempSubdirectory("rspipeline-admin-root-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("rspipeline-admin-outside-").FullName;

    public void Dispose()
    {
        _catalog.Dispose();
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private static Metadata Bearer(string scheme = "Bearer") => new() { { "authorization", $"{scheme} {Token}" } };

    private async Task<(TestServer Server, GrpcChannel Channel, AdminClient Admin)> StartAsync(bool withRoots = true)
    {
        string[] roots = withRoots ? [$"--Admin:AllowedRoots:0={_root}"] : [];
        var server = await TestServer.StartAsync(TestServer.Arguments(_catalog, ["--Admin:Enabled=true", "--Admin:Port=0", $"--Admin:Token={Token}", "--Catalog:Version=first", .. roots]));
        var channel = GrpcChannel.ForAddress(RsPipelineServer.AdminAddress(server.App)!);
        return (server, channel, new AdminClient(channel));
    }

    private static async Task<RpcException> Refused(AdminClient admin, ReloadRequest request, Metadata? headers = null) =>
        await Assert.ThrowsAsync<RpcException>(() => admin.ReloadAsync(request, headers ?? Bearer()).ResponseAsync.DefaultTimeout());

    private string WriteCatalogue(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        NpyWriter.Write(path, _catalog.Embeddings, TestCatalog.Count, TestCatalog.Dimension);
        return path;
    }

    [Fact]
    public async Task SystemFilesOutsideTheRoots_ArePermissionDenied_WithoutContentOrExistence()
    {
        var (server, channel, admin) = await StartAsync();
        await using var _ = server;
        using var __ = channel;
        var inRoot = WriteCatalogue(_root, "items.npy");

        var passwd = await Refused(admin, new ReloadRequest { EmbeddingsPath = inRoot, ItemIdsPath = "/etc/passwd" });
        var environ = await Refused(admin, new ReloadRequest { EmbeddingsPath = "/proc/self/environ" });
        var missing = await Refused(admin, new ReloadRequest { EmbeddingsPath = "/etc/no-such-file-rspipeline" });

        Assert.All([passwd, environ, missing], e => Assert.Equal(StatusCode.PermissionDenied, e.StatusCode));
        Assert.DoesNotContain("root:", passwd.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, environ.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("PATH=", environ.Status.Detail, StringComparison.Ordinal);

        // An existing and a missing file outside the roots get the same answer but for the path.
        Assert.Equal(environ.Status.Detail.Replace("/proc/self/environ", "P", StringComparison.Ordinal), missing.Status.Detail.Replace("/etc/no-such-file-rspipeline", "P", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LinksAndDotDotLeadingOutOfTheRoot_ArePermissionDenied()
    {
        var (server, channel, admin) = await StartAsync();
        await using var _ = server;
        using var __ = channel;
        var outside = WriteCatalogue(_outside, "items.npy");
        var fileLink = Path.Combine(_root, "file-link.npy");
        File.CreateSymbolicLink(fileLink, outside);
        var directoryLink = Path.Combine(_root, "dir-link");
        Directory.CreateSymbolicLink(directoryLink, _outside);
        Directory.CreateDirectory(Path.Combine(_root, "sub"));

        var viaFileLink = await Refused(admin, new ReloadRequest { EmbeddingsPath = fileLink });
        var viaDirectoryLink = await Refused(admin, new ReloadRequest { EmbeddingsPath = Path.Combine(directoryLink, "items.npy") });
        var viaDotDot = await Refused(admin, new ReloadRequest { EmbeddingsPath = Path.Combine(_root, "sub", "..", "..", Path.GetFileName(_outside), "items.npy") });

        Assert.All([viaFileLink, viaDirectoryLink, viaDotDot], e => Assert.Equal(StatusCode.PermissionDenied, e.StatusCode));
    }

    [Fact]
    public async Task LinkInsideTheRootToAFileInsideIt_Reloads()
    {
        var (server, channel, admin) = await StartAsync();
        await using var _ = server;
        using var __ = channel;
        var link = Path.Combine(_root, "current.npy");
        File.CreateSymbolicLink(link, WriteCatalogue(_root, "items-v2.npy"));

        var reply = await admin.ReloadAsync(new ReloadRequest { EmbeddingsPath = link, Version = "second" }, Bearer()).ResponseAsync.DefaultTimeout();

        Assert.Equal(("first", "second"), (reply.PreviousVersion, reply.CatalogVersion));
    }

    [Fact]
    public async Task WithoutAllowedRoots_OnlyTheStartUpCataloguesDirectoryIsAllowed()
    {
        var (server, channel, admin) = await StartAsync(withRoots: false);
        await using var _ = server;
        using var __ = channel;
        var elsewhere = WriteCatalogue(_root, "items.npy");
        var beside = WriteCatalogue(Path.GetDirectoryName(_catalog.EmbeddingsPath)!, "items-v2.npy");

        var refused = await Refused(admin, new ReloadRequest { EmbeddingsPath = elsewhere });
        var reply = await admin.ReloadAsync(new ReloadRequest { EmbeddingsPath = beside, Version = "second" }, Bearer()).ResponseAsync.DefaultTimeout();

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal("second", reply.CatalogVersion);
    }

    [Fact]
    public async Task ItemIdsFileInsideTheRoot_ErrorsNameFileAndLine_NeverItsText()
    {
        var (server, channel, admin) = await StartAsync();
        await using var _ = server;
        using var __ = channel;
        var embeddings = WriteCatalogue(_root, "items.npy");
        var ids = Path.Combine(_root, "ids.txt");
        await File.WriteAllLinesAsync(ids, Enumerable.Range(0, TestCatalog.Count).Select(i => i == 7 ? "SECRET=hunter2,x" : $"id{i}"));

        var error = await Refused(admin, new ReloadRequest { EmbeddingsPath = embeddings, ItemIdsPath = ids });

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("ids.txt", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("line 8", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_IsReportedAsADirectory()
    {
        var (server, channel, admin) = await StartAsync();
        await using var _ = server;
        using var __ = channel;
        var directory = Directory.CreateDirectory(Path.Combine(_root, "v2")).FullName;

        var error = await Refused(admin, new ReloadRequest { EmbeddingsPath = directory });

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("is a directory", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    [InlineData("Bearer")]
    public async Task BearerScheme_IsCaseInsensitive(string scheme)
    {
        var (server, channel, admin) = await StartAsync();
        await using var _ = server;
        using var __ = channel;

        var reply = await admin.ReloadAsync(new ReloadRequest(), Bearer(scheme)).ResponseAsync.DefaultTimeout();

        Assert.Equal("first", reply.CatalogVersion);
    }

    [Fact]
    public async Task VersionLongerThanTheBound_IsInvalidArgument_AndTheBoundItselfIsAccepted()
    {
        var (server, channel, admin) = await StartAsync();
        await using var _ = server;
        using var __ = channel;
        var longest = new string('v', 128);

        var tooLong = await Refused(admin, new ReloadRequest { Version = longest + "v" });
        var reply = await admin.ReloadAsync(new ReloadRequest { Version = longest }, Bearer()).ResponseAsync.DefaultTimeout();

        Assert.Equal(StatusCode.InvalidArgument, tooLong.StatusCode);
        Assert.Contains("128", tooLong.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(longest, tooLong.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(longest, reply.CatalogVersion);
    }
}
