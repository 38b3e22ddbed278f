using RsPipeline.Host.Admin;

namespace RsPipeline.Host.Tests;

public sealed class RealPathTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rspipeline-realpath-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void DotDotAfterALink_GoesToTheTargetsParent_NotTheLexicalOne()
    {
        var deep = Directory.CreateDirectory(Path.Combine(_root, "a", "b")).FullName;
        var link = Path.Combine(_root, "link");
        Directory.CreateSymbolicLink(link, deep);

        var resolved = RealPath.Resolve(Path.Combine(link, "..", "file"));

        Assert.Equal(Path.Combine(RealPath.Resolve(_root), "a", "file"), resolved);
    }

    [Fact]
    public void RelativeLinkTargets_ResolveFromTheLinksDirectory_AndChainsAreFollowed()
    {
        var target = Path.Combine(_root, "data.npy");
        File.WriteAllBytes(target, [1]);
        File.CreateSymbolicLink(Path.Combine(_root, "first"), "data.npy");
        File.CreateSymbolicLink(Path.Combine(_root, "second"), "first");

        Assert.Equal(RealPath.Resolve(target), RealPath.Resolve(Path.Combine(_root, "second")));
    }

    [Fact]
    public void ALinkLoop_IsAnIOException()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "ping"), "pong");
        File.CreateSymbolicLink(Path.Combine(_root, "pong"), "ping");

        Assert.Throws<IOException>(() => RealPath.Resolve(Path.Combine(_root, "ping")));
    }

    [Theory]
    [InlineData("/data", "/data", true)]
    [InlineData("/data/x.npy", "/data", true)]
    [InlineData("/data/", "/data/", true)]
    [InlineData("/database/x.npy", "/data", false)]
    [InlineData("/", "/data", false)]
    public void IsUnder_IsByWholeComponents(string path, string directory, bool under)
    {
        Assert.Equal(under, RealPath.IsUnder(path, directory));
    }
}
