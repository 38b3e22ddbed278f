namespace RsPipeline.Benchmarks.Scoring;

/// <summary>One axis of a benchmark grid: its committed values, or those an environment variable lists (comma-separated).</summary>
internal static class GridAxis
{
    public static IEnumerable<T> FromEnvironment<T>(string variable, Func<string, T> parse, IEnumerable<T> defaults)
    {
        var listed = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(listed)
            ? defaults
            : listed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToArray();
    }
}
