using System.Text.Json;

namespace RsPipeline.Catalog.Formats.Safetensors;

/// <summary>One tensor's entry in a safetensors header: dtype, shape and byte range within the data section.</summary>
internal sealed record SafetensorsEntry(string Name, string Dtype, long[] Shape, long Begin, long End);

/// <summary>
/// Parses the JSON header of a safetensors file: an object mapping each tensor name to
/// <c>{"dtype", "shape", "data_offsets": [begin, end]}</c>, plus an optional <c>__metadata__</c>
/// object of strings, which is skipped.
/// </summary>
internal static class SafetensorsHeader
{
    private const string MetadataKey = "__metadata__";

    public static IReadOnlyList<SafetensorsEntry> Parse(ReadOnlySpan<byte> json, string fileName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException ex)
        {
            throw new CatalogLoadException(fileName, $"the safetensors header is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CatalogLoadException(fileName, "the safetensors header is not a JSON object");
            }

            var entries = new List<SafetensorsEntry>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name != MetadataKey)
                {
                    entries.Add(ParseEntry(property, fileName));
                }
            }

            return entries;
        }
    }

    private static SafetensorsEntry ParseEntry(JsonProperty property, string fileName)
    {
        var name = property.Name;
        try
        {
            var value = property.Value;
            var dtype = value.GetProperty("dtype").GetString() ?? string.Empty;
            var shape = value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var offsets = value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || shape.Any(s => s < 0))
            {
                throw new CatalogLoadException(fileName, $"tensor '{name}': shape [{string.Join(", ", shape)}] or data_offsets [{string.Join(", ", offsets)}] are invalid");
            }

            return new SafetensorsEntry(name, dtype, shape, offsets[0], offsets[1]);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CatalogLoadException(fileName, $"tensor '{name}' in the safetensors header lacks a valid dtype, shape or data_offsets", ex);
        }
    }
}
