using System.Globalization;

namespace RsPipeline.Pipeline.Parsing;

/// <summary>
/// Turns the seed's feature text ("0.12, -3.4e-2, 5") into floats, and validates typed vectors
/// the same way. Every refusal says what was wrong and where, and for a wrong length says the
/// expected and the actual count.
/// </summary>
public static class FeatureParser
{
    private const NumberStyles DecimalFloat = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
    private const int MaxQuotedTokenLength = 32;

    /// <summary>
    /// Parses comma-separated decimal floats (whitespace around each tolerated) into
    /// <paramref name="destination"/>, which must hold exactly <paramref name="dimension"/> values.
    /// </summary>
    /// <returns>null on success, else the reason the text was refused.</returns>
    public static string? TryParse(ReadOnlySpan<char> text, int dimension, Span<float> destination)
    {
        if (text.IsWhiteSpace())
        {
            return $"the feature vector is empty; expected {dimension} comma-separated numbers";
        }

        var count = 0;
        foreach (var range in text.Split(','))
        {
            var token = text[range].Trim();
            if (count >= dimension)
            {
                return $"wrong dimension: expected {dimension} values, got {CountValues(text)}";
            }

            if (token.IsEmpty)
            {
                return $"value {count + 1} is empty (two commas in a row, or a trailing comma)";
            }

            if (!float.TryParse(token, DecimalFloat, CultureInfo.InvariantCulture, out var value))
            {
                return $"value {count + 1} is not a decimal number: '{Quote(token)}'";
            }

            if (!float.IsFinite(value))
            {
                return $"value {count + 1} is not finite: '{Quote(token)}'";
            }

            destination[count++] = value;
        }

        return count == dimension ? null : $"wrong dimension: expected {dimension} values, got {count}";
    }

    /// <summary>Checks a typed vector: the expected length and only finite values.</summary>
    /// <returns>null when valid, else the reason.</returns>
    public static string? Validate(ReadOnlySpan<float> vector, int dimension)
    {
        if (vector.Length != dimension)
        {
            return $"wrong dimension: expected {dimension} values, got {vector.Length}";
        }

        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                return $"value {i + 1} is not finite: {vector[i].ToString(CultureInfo.InvariantCulture)}";
            }
        }

        return null;
    }

    private static int CountValues(ReadOnlySpan<char> text) => text.Count(',') + 1;

    private static string Quote(ReadOnlySpan<char> token) =>
        token.Length <= MaxQuotedTokenLength ? token.ToString() : string.Concat(token[..MaxQuotedTokenLength], "…");
}
