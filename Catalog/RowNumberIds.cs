using System.Collections;
using System.Globalization;

namespace RsPipeline.Catalog;

/// <summary>
/// The default item ids, each row's number from <see cref="FirstRow"/> on (<c>"0"</c>, <c>"1"</c>, …, invariant
/// culture), formatted when read instead of held: a catalogue of a million rows keeps no million strings
/// for the garbage collector to mark at every full collection.
/// </summary>
public sealed class RowNumberIds : IReadOnlyList<string>
{
    /// <summary>The ids of <paramref name="count"/> rows numbered from <paramref name="firstRow"/>.</summary>
    public RowNumberIds(long firstRow, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        FirstRow = firstRow;
        Count = count;
    }

    /// <summary>The number of the first row, the first id.</summary>
    public long FirstRow { get; }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public string this[int index]
    {
        get
        {
            // One unsigned comparison rejects both a negative index and one past the end.
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"the catalogue has {Count} ids");
            }

            return (FirstRow + index).ToString(CultureInfo.InvariantCulture);
        }
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
