using System.Collections;

namespace RsPipeline.Catalog;

/// <summary>
/// Item ids read from a file, held as one block of characters and the end of each id in it, not as
/// one string per id: a catalogue of a million ids keeps two arrays instead of a million objects for
/// the garbage collector to mark at every full collection (a reload's reclaiming collection pauses
/// serving for that mark). An id becomes a string when it is read (a reply's few ids).
/// </summary>
public sealed class PackedItemIds : IReadOnlyList<string>
{
    private readonly char[] _chars;
    private readonly int[] _ends;

    private PackedItemIds(char[] chars, int[] ends)
    {
        _chars = chars;
        _ends = ends;
    }

    /// <inheritdoc />
    public int Count => _ends.Length;

    /// <inheritdoc />
    public string this[int index] => new(Span(index));

    /// <summary>Packs <paramref name="ids"/>, in their order.</summary>
    /// <exception cref="ArgumentException">The ids hold more characters together than one array can.</exception>
    public static PackedItemIds From(IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        long total = 0;
        foreach (var id in ids)
        {
            total += id.Length;
        }

        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"the item ids hold {total} characters together, more than {Array.MaxLength}", nameof(ids));
        }

        var chars = new char[total];
        var ends = new int[ids.Count];
        var at = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            ids[i].CopyTo(chars.AsSpan(at));
            at += ids[i].Length;
            ends[i] = at;
        }

        return new PackedItemIds(chars, ends);
    }

    /// <summary>Id <paramref name="index"/> without making a string of it.</summary>
    public ReadOnlySpan<char> Span(int index)
    {
        // One unsigned comparison rejects both a negative index and one past the end.
        if ((uint)index >= (uint)_ends.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"the catalogue has {_ends.Length} ids");
        }

        var start = index == 0 ? 0 : _ends[index - 1];
        return _chars.AsSpan(start, _ends[index] - start);
    }

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
