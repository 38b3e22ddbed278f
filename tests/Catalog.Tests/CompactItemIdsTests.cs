using System.Globalization;
using FsCheck.Xunit;

namespace RsPipeline.Catalog.Tests;

/// <summary>
/// A catalogue's ids without an object per id: row numbers formatted when read, file ids packed into
/// one block of characters. They read back exactly what the one-string-per-id lists held.
/// </summary>
public class CompactItemIdsTests
{
    [Fact]
    public void RowNumbers_ReadAsTheirNumbers_FromTheFirstRow()
    {
        var ids = ItemIdFile.RowNumbers(5_000_000_000, 3);

        Assert.Equal(["5000000000", "5000000001", "5000000002"], ids);
        Assert.Equal("5000000002", ids[2]);
        Assert.Equal(3, ids.Count);
    }

    [Fact]
    public void RowNumbers_OfAWholeCatalogue_AreZeroToCountMinusOne()
    {
        var ids = ItemIdFile.RowNumbers(1_000);

        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => i.ToString(CultureInfo.InvariantCulture)), ids);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(int.MinValue)]
    public void RowNumbers_OutsideTheRows_Throw(int index)
    {
        var ids = ItemIdFile.RowNumbers(3);

        Assert.Throws<ArgumentOutOfRangeException>(() => ids[index]);
    }

    [Property(MaxTest = 200)]
    public bool Packed_ReadsBackEveryId_InOrder(string[] given)
    {
        var ids = (given ?? []).Select(id => id ?? string.Empty).ToArray();

        var packed = PackedItemIds.From(ids);

        return packed.Count == ids.Length
            && packed.SequenceEqual(ids, StringComparer.Ordinal)
            && Enumerable.Range(0, ids.Length).All(i => packed[i] == ids[i] && packed.Span(i).SequenceEqual(ids[i]));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void Packed_OutsideTheIds_Throw(int index)
    {
        var packed = PackedItemIds.From(["a", "bé"]);

        Assert.Throws<ArgumentOutOfRangeException>(() => packed[index]);
    }

    [Fact]
    public void Packing_AllocatesTheTwoArraysAndNoStringPerId()
    {
        var ids = Enumerable.Range(0, 100_000).Select(i => $"item-{i}").ToArray();
        var characters = ids.Sum(id => id.Length);
        PackedItemIds.From(["warm", "up"]); // the first call's type loading is not the packing's

        var before = GC.GetAllocatedBytesForCurrentThread();
        var packed = PackedItemIds.From(ids);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A char per character and an int per id, plus the two arrays' and the list's headers;
        // a string per id would add at least 20 bytes each (2 MB here).
        Assert.InRange(allocated, (2L * characters) + (4L * ids.Length), (2L * characters) + (4L * ids.Length) + 1_024);
        Assert.Equal("item-99999", packed[99_999]);
    }

    [Fact]
    public void AFileOfIds_IsHeldPacked_AndTheRowNumbersUnformatted()
    {
        using var reader = new StringReader("x\ny\nz\n");

        Assert.IsType<PackedItemIds>(ItemIdFile.Read(reader, "ids.txt", 3));
        Assert.IsType<RowNumberIds>(ItemIdFile.RowNumbers(3));
    }

    [Fact]
    public void ARange_OfRowNumbers_StaysRowNumbers_AndOfPackedIds_IsTheirSlice()
    {
        var numbers = ItemIdFile.Range(ItemIdFile.RowNumbers(10, 100), 40, 3);
        var packed = ItemIdFile.Range(PackedItemIds.From(["a", "b", "c", "d"]), 1, 2);

        Assert.Equal(["50", "51", "52"], Assert.IsType<RowNumberIds>(numbers));
        Assert.Equal(["b", "c"], Assert.IsType<PackedItemIds>(packed));
        Assert.Throws<ArgumentOutOfRangeException>(() => ItemIdFile.Range(ItemIdFile.RowNumbers(5), 3, 3));
    }
}
