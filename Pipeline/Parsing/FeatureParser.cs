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

            // Before the count: "1,…,64," is a trailing comma, not a 65th value.
            if (token.IsEmpty)
            {
                return range.End.GetOffset(text.Length) == text.Length
                    ? $"value {count + 1} is empty: a trailing comma after value {count}"
                    : $"value {count + 1} is empty: two commas in a row";
            }

            if (count >= dimension)
            {
                return $"wrong dimension: expected {dimension} values, got {CountValues(text)}";
            }

            if (FirstControl(token) is { } control)
            {
                return $"value {count + 1} contains the control character U+{(int)control:X4}";
            }

            if (!float.TryParse(token, DecimalFloat, CultureInfo.InvariantCulture, out var value))
            {
                return IsNonFiniteName(token) ? NotFinite(count, token) : $"value {count + 1} is not a decimal number: '{Quote(token)}'";
            }

            if (!float.IsFinite(value))
            {
                return NotFinite(count, token);
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

    // float.TryParse accepts "Infinity" and "NaN" in any case and with either sign (they reach the
    // finiteness check), but not "inf" or "∞": those are named here, so that every spelling of a
    // value that is not finite gets the same answer.
    private static string NotFinite(int count, ReadOnlySpan<char> token) =>
        $"value {count + 1} is not finite: '{Quote(token)}'";

    private static bool IsNonFiniteName(ReadOnlySpan<char> token)
    {
        var unsigned = token is ['+' or '-', .. var rest] ? rest : token;
        return unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase) || unsigned.SequenceEqual("∞");
    }

    // float.TryParse ignores trailing NUL characters; no control character belongs in a number.
    private static char? FirstControl(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (char.IsControl(c))
            {
                return c;
            }
        }

        return null;
    }

    private static string Quote(ReadOnlySpan<char> token) =>
        token.Length <= MaxQuotedTokenLength ? token.ToString() : string.Concat(token[..MaxQuotedTokenLength], "…");
}
