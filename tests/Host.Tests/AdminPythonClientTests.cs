using Google.Protobuf.Reflection;
using RsPipeline.Admin.V1;
using RsPipeline.Catalog.Formats.Npy;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests;

/// <summary>
/// Issue 13, defect 11: the README's Python admin command failed on Debian 12 (its grpc_tools
/// refuses proto3 optional). The command it now names runs here with Debian's python3 against a
/// real server, and the script's message fields match the server's own descriptor.
/// </summary>
public sealed class AdminPythonClientTests : IDisposable
{
    private const string Token = "python-admin-token";
    private const string Script = "scripts/admin_reload.py";

    private readonly TestCatalog _catalog = new();
    private readonly string _root = Directory.CreateTempSubdirectory("rspipeline-admin-python-").FullName;

    public void Dispose()
    {
        _catalog.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static async Task<ProcessRunner.Result> RunScriptAsync(params string[] arguments)
    {
        var python = await InteropPython.FindAsync();
        var result = await ProcessRunner.RunAsync(python, [RepositoryRoot.Combine(Script), .. arguments], InteropPython.Limit);
        Assert.NotNull(result);
        return result;
    }

    [Fact]
    public void TheReadme_NamesTheScript_AndNoLongerGeneratesAdminStubs()
    {
        var readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));

        Assert.Contains($"/usr/bin/python3 {Script} --address localhost:50052 --token \"$TOKEN\"", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("--grpc_python_out=/tmp protos/admin_v1.proto", readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheScriptsFields_AreTheServersFields()
    {
        var result = await RunScriptAsync("--describe");
        string Line(MessageDescriptor message, FieldDescriptor field) => $"{message.Name} {field.FieldNumber} {field.Name} TYPE_{field.FieldType.ToString().ToUpperInvariant()}";
        var expected = new[] { ReloadRequest.Descriptor, ReloadReply.Descriptor }
            .SelectMany(message => message.Fields.InFieldNumberOrder().Select(field => Line(message, field)));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task TheReadmeCommand_ReloadsARealServer_AndReportsRefusals()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog, "--Admin:Enabled=true", "--Admin:Port=0", $"--Admin:Token={Token}", $"--Admin:AllowedRoots:0={_root}", "--Catalog:Version=first"));
        var address = new Uri(RsPipelineServer.AdminAddress(server.App)!).Authority;
        var embeddings = Path.Combine(_root, "items-v2.npy");
        NpyWriter.Write(embeddings, _catalog.Embeddings, TestCatalog.Count, TestCatalog.Dimension);
        var ids = Path.Combine(_root, "ids-v2.txt");
        await File.WriteAllLinesAsync(ids, Enumerable.Range(0, TestCatalog.Count).Select(i => $"sku-{i}"));

        var reloaded = await RunScriptAsync("--address", address, "--token", Token, "--embeddings-path", embeddings, "--item-ids-path", ids, "--version", "v2");
        var refused = await RunScriptAsync("--address", address, "--token", Token, "--embeddings-path", "/etc/passwd");
        var request = new Recall.V1.RecallRequest { TopK = 1 };
        request.Vector.Add(TestCatalog.Query(5));
        var reply = await server.Typed.RecallAsync(request).ResponseAsync.DefaultTimeout();

        Assert.True(reloaded.ExitCode == 0, reloaded.Output);
        Assert.Contains("catalog_version: \"v2\"", reloaded.Output, StringComparison.Ordinal);
        Assert.Contains("previous_version: \"first\"", reloaded.Output, StringComparison.Ordinal);
        Assert.Contains($"item_count: {TestCatalog.Count}", reloaded.Output, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("PERMISSION_DENIED", refused.Output, StringComparison.Ordinal);
        Assert.Equal("v2", reply.CatalogVersion);
        Assert.StartsWith("sku-", reply.ItemIds.Single(), StringComparison.Ordinal);
    }
}
