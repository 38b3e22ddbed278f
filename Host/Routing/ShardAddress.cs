namespace RsPipeline.Host.Routing;

/// <summary>A <c>Router:Shards:N</c> value: a <c>dns:///</c> name, or one or more http(s) addresses separated by commas.</summary>
internal static class ShardAddress
{
    /// <summary>The replicas' addresses when the value lists them; null for a DNS name.</summary>
    public static IReadOnlyList<Uri>? Replicas(string value) =>
        value.StartsWith("dns:", StringComparison.OrdinalIgnoreCase)
            ? null
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => new Uri(a)).ToArray();

    /// <summary>What is wrong with <paramref name="value"/>, or null.</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "empty; expected dns:///name:port or http://host:port[,http://host:port…]";
        }

        if (value.StartsWith("dns:", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out _) ? null : "not a valid dns:/// address";
        }

        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.IsDefaultPort || !string.IsNullOrEmpty(uri.PathAndQuery.Trim('/')))
            {
                return $"'{part}' is not http://host:port or https://host:port";
            }
        }

        return null;
    }
}
