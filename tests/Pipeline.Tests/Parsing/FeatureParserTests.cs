using System.Globalization;
using FsCheck;
using FsCheck.Xunit;
using RsPipeline.Pipeline.Parsing;

namespace RsPipeline.Pipeline.Tests.Parsing;

public class FeatureParserTests
{
    [Property(MaxTest = 300)]
    public void FormattedFloats_WithAnyWhitespace_ParseBackExactly(NormalFloat[] values, byte[] spaces)
    {
        var floats = values.Select(v => (float)v.Get).ToArray();
        if (floats.Length == 0)
        {
            return;
        }

        var separators = new[] { "", " ", "\t", "  ", "\n" };
        var text = string.Join(",", floats.Select((f, i) =>
            separators[(i < spaces.Length ? spaces[i] : 0) % separators.Length] + f.ToString("R", CultureInfo.InvariantCulture) + separators[i % 2]));
        var parsed = new float[floats.Length];

        var error = FeatureParser.TryParse(text, floats.Length, parsed);

        Assert.Null(error);
        Assert.Equal(floats, parsed);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("1,2,x", "value 3 is not a decimal number: 'x'")]
    [InlineData("1,,3", "value 2 is empty")]
    [InlineData("1,2,", "value 3 is empty")]
    [InlineData("1,NaN,3", "value 2 is not finite")]
    [InlineData("1,2,Infinity", "value 3 is not finite")]
    [InlineData("1,2,1e39", "value 3 is not finite")]
    [InlineData("0x10,2,3", "value 1 is not a decimal number")]
    [InlineData("1,2", "wrong dimension: expected 3 values, got 2")]
    [InlineData("1,2,3,4,5", "wrong dimension: expected 3 values, got 5")]
    [InlineData("1;2;3", "value 1 is not a decimal number")]
    public void BadText_IsRefused_WithAMessageNamingTheProblem(string text, string expected)
    {
        var error = FeatureParser.TryParse(text, 3, new float[3]);

        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(32, false)]
    [InlineData(33, true)]
    public void ALongBadToken_IsQuotedUpTo32Characters(int length, bool cut)
    {
        var token = new string('x', length);

        var error = FeatureParser.TryParse($"1,{token},3", 3, new float[3]);

        var quoted = cut ? new string('x', 32) + "…" : token;
        Assert.Equal($"value 2 is not a decimal number: '{quoted}'", error);
    }

    [Fact]
    public void ANonFiniteToken_IsQuotedAsWritten()
    {
        var error = FeatureParser.TryParse(" 1e99 ,2,3", 3, new float[3]);

        Assert.Equal("value 1 is not finite: '1e99'", error);
    }

    [Fact]
    public void MoreValuesThanTheDimension_IsAWrongDimension_EvenWhenTheExtraOnesAreBad()
    {
        var error = FeatureParser.TryParse("1,2,3,x,,", 3, new float[3]);

        Assert.Equal("wrong dimension: expected 3 values, got 6", error);
    }

    [Fact]
    public void ExactlyTheDimension_ParsesIntoTheDestination()
    {
        var destination = new float[3];

        Assert.Null(FeatureParser.TryParse("1,2,3", 3, destination));
        Assert.Equal([1f, 2f, 3f], destination);
    }

    [Fact]
    public void TypedVector_Valid_IsAccepted()
    {
        Assert.Null(FeatureParser.Validate([1f, -2f, float.MaxValue], 3));
        Assert.Equal("value 3 is not finite: -Infinity", FeatureParser.Validate([1f, 2f, float.NegativeInfinity], 3));
    }

    [Fact]
    public void TypedVector_WrongLength_NamesExpectedAndActual()
    {
        var error = FeatureParser.Validate(new float[5], 3);

        Assert.Equal("wrong dimension: expected 3 values, got 5", error);
    }

    [Fact]
    public void TypedVector_NonFinite_IsRefused()
    {
        var error = FeatureParser.Validate([1f, float.PositiveInfinity, 2f], 3);

        Assert.Contains("value 2 is not finite", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SeedStyleRequest_ParsesNegativeAndExponentForms()
    {
        var parsed = new float[4];

        var error = FeatureParser.TryParse(" -1.5, 2e-3 ,+4,.5 ", 4, parsed);

        Assert.Null(error);
        Assert.Equal([-1.5f, 0.002f, 4f, 0.5f], parsed);
    }

    // Issue 13, defect 8: "inf" was "not a decimal number" while "Infinity" was "not finite".
    [Theory]
    [InlineData("inf")]
    [InlineData("-inf")]
    [InlineData("+INF")]
    [InlineData("Infinity")]
    [InlineData("-infinity")]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("-NAN")]
    [InlineData("∞")]
    [InlineData("1e39")]
    public void EverySpellingOfANonFiniteValue_GetsTheSameMessage(string token)
    {
        var error = FeatureParser.TryParse($"1,{token},3", 3, new float[3]);

        Assert.Equal($"value 2 is not finite: '{token}'", error);
    }

    // Issue 13, defect 8: a trailing comma after the last value was "wrong dimension: … got 65".
    [Property(MaxTest = 100)]
    public void ATrailingComma_IsReportedAsOne_WhateverTheCount(PositiveInt dimension, bool spaceAfter)
    {
        var n = 1 + (dimension.Get % 128);
        var text = string.Join(",", Enumerable.Range(0, n).Select(i => (i * 0.5f).ToString("R", CultureInfo.InvariantCulture))) + (spaceAfter ? ", " : ",");

        var error = FeatureParser.TryParse(text, n, new float[n]);

        Assert.Equal($"value {n + 1} is empty: a trailing comma after value {n}", error);
    }

    // An empty value that is not at the end is not called a trailing comma.
    [Theory]
    [InlineData("1,,3", 2)]
    [InlineData(",2,3", 1)]
    [InlineData("1,2, ,", 3)]
    public void AnEmptyValueInside_IsTwoCommasInARow(string text, int position)
    {
        var error = FeatureParser.TryParse(text, 3, new float[3]);

        Assert.Equal($"value {position} is empty: two commas in a row", error);
    }

    // Issue 13, defect 8: "…,0.5\0" was accepted (float.TryParse ignores trailing NULs).
    [Property(MaxTest = 300)]
    public void AControlCharacterAnywhereInAValue_IsRefused_NamingItsPosition(PositiveInt position, byte control, bool before)
    {
        const int dimension = 64;
        var c = (char)(control % 32 == 9 || control % 32 is >= 10 and <= 13 ? 0 : control % 32);
        var at = position.Get % dimension;
        var values = Enumerable.Range(0, dimension).Select(i => (i * 0.25f).ToString("R", CultureInfo.InvariantCulture)).ToArray();
        values[at] = before ? $"{c}1{values[at]}" : $"{values[at]}{c}";

        var error = FeatureParser.TryParse(string.Join(",", values), dimension, new float[dimension]);

        Assert.Equal($"value {at + 1} contains the control character U+{(int)c:X4}", error);
    }
}
