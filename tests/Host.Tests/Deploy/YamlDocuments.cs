using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>YAML files read as JSON nodes (every scalar a string), for tests that check manifests and rules.</summary>
public static class YamlDocuments
{
    /// <summary>Every document in <paramref name="path"/>.</summary>
    public static IReadOnlyList<JsonNode> Load(string path)
    {
        using var reader = new StringReader(File.ReadAllText(path));
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents.Select(document => ToJson(document.RootNode)!).ToArray();
    }

    /// <summary>The one document in <paramref name="path"/>.</summary>
    public static JsonNode LoadSingle(string path) => Assert.Single(Load(path));

    /// <summary>A scalar as an integer.</summary>
    public static int Number(JsonNode? node) => int.Parse(node?.GetValue<string>() ?? throw new InvalidOperationException("missing value"), System.Globalization.CultureInfo.InvariantCulture);

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => scalar.Value is null ? null : JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException($"YAML node {node.NodeType}"),
    };
}
