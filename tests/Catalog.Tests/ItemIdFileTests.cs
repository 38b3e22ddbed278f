using RsPipeline.TestSupport;
using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Catalog.Tests;

public class ItemIdFileTests
{
    private const string Name = "ids.txt";

    [Theory]
    [InlineData("a\nb\nc\n")]
    [InlineData("a\nb\nc")]
    [InlineData("a\r\nb\r\nc\r\n")]
    [InlineData("\uFEFFa\nb\nc\n")]
    public void LineEndingsAndFinalNewline_AreTolerated(string content)
    {
        var ids = Read(content, 3);

        Assert.Equal(["a", "b", "c"], ids);
    }

    [Fact]
    public void NonAsciiIds_AreReadAsUtf8()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("ids.txt", "größe\n商品\n");

        var ids = ItemIdFile.Read(path, 2);

        Assert.Equal(["größe", "商品"], ids);
    }

    [Fact]
    public void ReferenceIds_AreSkuNumbers()
    {
        var ids = ItemIdFile.Read(TestData.ItemIds, 5000);

        Assert.Equal("sku-00000", ids[0]);
        Assert.Equal("sku-04999", ids[4999]);
    }

    [Fact]
    public void DuplicateId_NamesBothLines_NotTheId()
    {
        var ex = Fails("a\nsecret-b\nc\nsecret-b\n", 4);

        Assert.Contains("duplicate item id on lines 2 and 4", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-b", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\n\nc\n", 2)]
    [InlineData("a\nb\n   \n", 3)]
    [InlineData("\na\nb\n", 1)]
    [InlineData("a\nb\n\n", 3)]
    public void EmptyLine_NamesItsNumber(string content, int line)
    {
        var ex = Fails(content, 3);

        Assert.Contains($"line {line} is empty", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\n bxq\nc\n", "line 2 has leading or trailing whitespace")]
    [InlineData("a\nbxq\tx \nc\n", "line 2 has leading or trailing whitespace")]
    [InlineData("a\nbxq,x\nc\n", "line 2 contains a comma")]
    public void IdThatWouldNotSurviveAReply_IsRejected_WithoutQuotingTheLine(string content, string expected)
    {
        var ex = Fails(content, 3);

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bxq", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\nb\n", 3, "holds 2 item ids but the embeddings have 3 rows")]
    [InlineData("a\nb\nc\nd\n", 3, "holds 4 item ids but the embeddings have 3 rows")]
    [InlineData("", 1, "holds 0 item ids but the embeddings have 1 rows")]
    public void CountDifferentFromRows_SaysBoth(string content, int rows, string expected)
    {
        var ex = Fails(content, rows);

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RowNumbers_AreInvariantDecimals()
    {
        var ids = ItemIdFile.RowNumbers(12);

        Assert.Equal(Enumerable.Range(0, 12).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ids);
    }

    private static IReadOnlyList<string> Read(string content, int rows)
    {
        using var reader = new StringReader(content.TrimStart('\uFEFF'));
        using var directory = new TemporaryDirectory();
        var path = directory.File(Name, content);
        var fromText = ItemIdFile.Read(reader, Name, rows);
        var fromFile = ItemIdFile.Read(path, rows);
        Assert.Equal(fromText, fromFile);
        return fromFile;
    }

    private static CatalogLoadException Fails(string content, int rows)
    {
        using var reader = new StringReader(content);
        var ex = Assert.Throws<CatalogLoadException>(() => ItemIdFile.Read(reader, Name, rows));
        Assert.StartsWith(Name + ": ", ex.Message, StringComparison.Ordinal);
        return ex;
    }
}
