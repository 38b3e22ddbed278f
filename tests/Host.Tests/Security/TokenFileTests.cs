using RsPipeline.Host.Security.Callers;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Security;

public sealed class TokenFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public void Tokens_MapToTheirCallers_SeveralPerCaller()
    {
        var path = _directory.File("tokens", $"""
            # rotation: checkout has its old and its new key
            checkout {TokenFile.HashOf("old-key")}
            checkout {TokenFile.HashOf("new-key")}

            search   {TokenFile.HashOf("search-key").ToUpperInvariant()}
            """);

        var file = TokenFile.Load(path);

        Assert.Equal("checkout", file.CallerOf("old-key"));
        Assert.Equal("checkout", file.CallerOf("new-key"));
        Assert.Equal("search", file.CallerOf("search-key"));
        Assert.Null(file.CallerOf("unknown"));
        Assert.Null(file.CallerOf(TokenFile.HashOf("old-key")));
        Assert.Equal(["checkout", "search"], file.Callers.Order());
    }

    [Fact]
    public void MalformedLines_AllNamedByNumber()
    {
        var path = _directory.File("tokens", $"""
            checkout {TokenFile.HashOf("a")}
            checkout
            search not-a-hash
            bad/name {TokenFile.HashOf("b")}
            other {TokenFile.HashOf("a")}
            """);

        var error = Assert.Throws<InvalidDataException>(() => TokenFile.Load(path));

        Assert.Contains("line 2:", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3:", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 4:", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 5: the same token is listed for checkout and other", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileWithoutTokens_IsRefused()
    {
        var path = _directory.File("tokens", "# nothing yet\n");

        Assert.Contains("lists no token", Assert.Throws<InvalidDataException>(() => TokenFile.Load(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HashOf_IsTheSha256HexThatSha256sumPrints()
    {
        // printf %s test | sha256sum
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", TokenFile.HashOf("test"));
    }

    public void Dispose() => _directory.Dispose();
}
