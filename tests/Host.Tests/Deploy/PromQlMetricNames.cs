using System.Text.RegularExpressions;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>The metric names a PromQL expression reads (label matchers, ranges, grouping, functions and keywords taken out).</summary>
public static partial class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan",
    };

    public static IReadOnlySet<string> Of(string expression)
    {
        var text = Strings().Replace(expression, " ");
        text = Variables().Replace(text, " ");
        text = Matchers().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        return Identifiers().Matches(text).Select(m => m.Value).Where(name => !Keywords.Contains(name)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The metric of a Grafana variable query <c>label_values(metric{...}, label)</c>.</summary>
    public static IReadOnlySet<string> OfLabelValues(string query)
    {
        var match = LabelValues().Match(query);
        return match.Success ? Of(match.Groups["series"].Value) : Of(query);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\$\{[^}]*\}|\$\w+")]
    private static partial Regex Variables();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    // Names not preceded by a word character or a dot (so not 5m or 1e3), and not calls (followed by "(").
    [GeneratedRegex(@"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*(?![\w:]|\s*\()")]
    private static partial Regex Identifiers();

    [GeneratedRegex(@"^\s*label_values\((?<series>.*),\s*\w+\s*\)\s*$")]
    private static partial Regex LabelValues();
}
