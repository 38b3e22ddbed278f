using System.Runtime.Versioning;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;
using Xunit.Abstractions;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>
/// The image's build, short of Docker (no engine runs here and base images cannot be pulled): the
/// Docker build context is copied, the Dockerfile's own publish command runs on it, and the output,
/// copied to a fresh read-only folder, serves exact answers with only TMPDIR writable.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PublishedServerTests : IDisposable
{
    private static readonly TimeSpan PublishLimit = TimeSpan.FromMinutes(8);
    private readonly TestCatalog _catalog = new();
    private readonly string _work = Directory.CreateTempSubdirectory("rspipeline-publish-").FullName;
    private readonly ITestOutputHelper _output;

    public PublishedServerTests(ITestOutputHelper output)
    {
        _output = output;
        // The server runs as another user where the test is root: it must reach the catalogue.
        File.SetUnixFileMode(_work, Readable);
        File.SetUnixFileMode(Path.GetDirectoryName(_catalog.EmbeddingsPath)!, Readable);
    }

    private static UnixFileMode Readable => UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Publish_ReadOnlyCopy_ServesExactAnswersWritingOnlyTmpDir(bool selfContained)
    {
        var dockerfile = DockerfileInstructions.Read(RepositoryRoot.Combine("Dockerfile"));
        var app = await PublishAndCopyAsync(dockerfile, selfContained);
        var tmp = Directory.CreateDirectory(Path.Combine(_work, "tmp")).FullName;
        File.SetUnixFileMode(tmp, (UnixFileMode)0b111_111_111);
        MakeReadOnly(app);
        var before = DirectorySnapshot.Take(app);
        var confinement = await Confinement.DetectAsync(tmp);
        _output.WriteLine($"confinement: {confinement}");
        string[] command = selfContained ? [Path.Combine(app, "RsPipeline.Host")] : ["dotnet", Path.Combine(app, dockerfile.EntryPoint[^1])];
        var launch = Confinement.Launch(confinement, command, tmp, home: app).WithEnvironment(ImageEnvironment(dockerfile));

        // The default scorer, and LibTorch's, which writes its patched native library under TMPDIR where libstdc++ is old.
        foreach (var scorer in new[] { "Simd", "Torch" })
        {
            await using var host = await HostProcess.StartAsync(launch, TestServer.Arguments(_catalog, $"--Inference:Scorer={scorer}"));
            await AssertExactAnswersAsync(new RSer.RSerClient(host.Channel));
            var exitCode = await host.TerminateAsync(TimeSpan.FromSeconds(30));
            Assert.True(exitCode == 0, $"{scorer} under {confinement}: exit code {exitCode}:\n{host.Output}");
        }

        var changed = before.Difference(DirectorySnapshot.Take(app));
        Assert.True(changed.Count == 0, $"the server changed its read-only folder ({confinement}):\n{string.Join('\n', changed)}");
    }

    public void Dispose()
    {
        _catalog.Dispose();
        foreach (var directory in new DirectoryInfo(_work).EnumerateDirectories("*", SearchOption.AllDirectories).Prepend(new DirectoryInfo(_work)))
        {
            directory.UnixFileMode |= UnixFileMode.UserWrite;
        }

        Directory.Delete(_work, recursive: true);
    }

    private static void MakeReadOnly(string directory)
    {
        const UnixFileMode Write = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Append(new DirectoryInfo(directory)))
        {
            entry.UnixFileMode &= ~Write;
        }
    }

    // The runtime stage's ENV, less TMPDIR, which the test points at its own writable folder.
    private static IEnumerable<KeyValuePair<string, string?>> ImageEnvironment(DockerfileInstructions dockerfile) =>
        dockerfile.FinalEnvironment.Where(p => p.Key != "TMPDIR").Select(p => new KeyValuePair<string, string?>(p.Key, p.Value));

    private async Task<string> PublishAndCopyAsync(DockerfileInstructions dockerfile, bool selfContained)
    {
        var context = Path.Combine(_work, "context");
        DockerContext.CopyTo(RepositoryRoot.Path, context);
        var output = Path.Combine(_work, "publish");
        var arguments = dockerfile.PublishArguments.ToArray();
        arguments[0] = Path.Combine(context, arguments[0]);
        arguments[Array.IndexOf(arguments, "-o") + 1] = output;
        arguments[Array.IndexOf(arguments, "--self-contained") + 1] = selfContained ? "true" : "false";

        // No build servers: they would outlive the command and hold its output open.
        var result = await ProcessRunner.RunAsync("dotnet", ["publish", .. arguments, "--disable-build-servers"], PublishLimit);
        Assert.True(result is { ExitCode: 0 }, $"dotnet publish {string.Join(' ', arguments)} exited {result?.ExitCode}:\n{result?.Output}");

        var app = Path.Combine(_work, "app");
        CopyDirectory(output, app);
        Directory.Delete(output, recursive: true);
        Directory.Delete(context, recursive: true);
        return app;
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private async Task AssertExactAnswersAsync(RSer.RSerClient client)
    {
        for (var seed = 1; seed <= 5; seed++)
        {
            var query = TestCatalog.Query(seed);
            var reply = await client.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) }).ResponseAsync.DefaultTimeout();
            _catalog.AssertTopK(query, reply.Items.Split(','), 100);
        }
    }
}
