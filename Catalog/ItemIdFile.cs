using System.Text;

namespace RsPipeline.Catalog;

/// <summary>
/// The item ids of a catalogue: a UTF-8 text file with one id per line, in row order (<c>\n</c>
/// or <c>\r\n</c>, final newline optional), or the row numbers when there is no file.
/// </summary>
public static class ItemIdFile
{
    /// <summary>
    /// Reads the ids for a matrix of <paramref name="expectedCount"/> rows. Rejects empty ids, ids
    /// with leading or trailing whitespace, ids containing a comma (the seed's reply separates ids
    /// with commas), duplicates, and a count other than <paramref name="expectedCount"/>.
    /// </summary>
    /// <exception cref="CatalogLoadException">The file breaks one of these rules; the message names it, the line and the problem, never the line's text (a reload's caller sees it).</exception>
    public static IReadOnlyList<string> Read(string path, int expectedCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path, expectedCount);
    }

    /// <summary>Reads the ids from <paramref name="reader"/>; <paramref name="fileName"/> names it in messages.</summary>
    /// <exception cref="CatalogLoadException">The content breaks one of the rules of <see cref="Read(string, int)"/>.</exception>
    public static IReadOnlyList<string> Read(TextReader reader, string fileName, int expectedCount)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);
        var ids = new List<string>(expectedCount);
        var firstLine = new Dictionary<string, int>(expectedCount, StringComparer.Ordinal);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var lineNumber = ids.Count + 1;
            CheckId(fileName, line, lineNumber);
            if (!firstLine.TryAdd(line, lineNumber))
            {
                throw new CatalogLoadException(fileName, $"duplicate item id on lines {firstLine[line]} and {lineNumber}");
            }

            ids.Add(line);
        }

        if (ids.Count != expectedCount)
        {
            throw new CatalogLoadException(fileName, $"holds {ids.Count} item ids but the embeddings have {expectedCount} rows");
        }

        return PackedItemIds.From(ids);
    }

    /// <summary>The default ids: each row's number, <c>"0"</c>, <c>"1"</c>, … in invariant culture (formatted when read).</summary>
    public static IReadOnlyList<string> RowNumbers(int count) => new RowNumberIds(0, count);

    /// <summary>The ids of <paramref name="count"/> rows of a larger catalogue: their global row numbers from <paramref name="firstRow"/> on.</summary>
    public static IReadOnlyList<string> RowNumbers(long firstRow, int count) => new RowNumberIds(firstRow, count);

    /// <summary>The ids of <paramref name="count"/> rows from row <paramref name="first"/> of <paramref name="ids"/>, held as compactly as <paramref name="ids"/> are.</summary>
    public static IReadOnlyList<string> Range(IReadOnlyList<string> ids, int first, int count)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, ids.Count - first);
        return ids is RowNumberIds numbers
            ? new RowNumberIds(numbers.FirstRow + first, count)
            : PackedItemIds.From(ids.Skip(first).Take(count).ToArray());
    }

    private static void CheckId(string fileName, string id, int lineNumber)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new CatalogLoadException(fileName, $"line {lineNumber} is empty; every line must hold one item id");
        }

        if (char.IsWhiteSpace(id[0]) || char.IsWhiteSpace(id[^1]))
        {
            throw new CatalogLoadException(fileName, $"the item id on line {lineNumber} has leading or trailing whitespace");
        }

        if (id.Contains(',', StringComparison.Ordinal))
        {
            throw new CatalogLoadException(fileName, $"the item id on line {lineNumber} contains a comma, which separates ids in replies");
        }
    }
}
