using System.Globalization;

namespace RsPipeline.Host.Configuration;

/// <summary>
/// What <c>--help</c> prints: usage, the configuration layers, the profiles found, every key of
/// the base file with its default, and where each is documented. It reads files only: nothing is
/// built, bound or started.
/// </summary>
public static class CommandLineHelp
{
    /// <summary>The README section documenting each configuration section (the longest matching prefix of a key wins).</summary>
    public static readonly IReadOnlyDictionary<string, string> ReadmeSections = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Server"] = "Configuration",
        ["Server:Tls"] = "Security",
        ["Auth"] = "Security",
        ["CallerLimits"] = "Security",
        ["Recall"] = "Configuration",
        ["Batching"] = "Configuration",
        ["Catalog"] = "Catalogue",
        ["Catalog:Shard"] = "Sharding",
        ["Router"] = "Sharding",
        ["Inference"] = "Configuration",
        ["Inference:UserTower"] = "User tower",
        ["Admin"] = "Reloading the catalogue",
        ["Telemetry"] = "Telemetry",
        ["Logging"] = "Logs",
    };

    private static readonly string[] Flags = ["--help", "-h", "-?"];

    /// <summary>Whether <paramref name="args"/> ask for help.</summary>
    public static bool IsRequested(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Any(arg => Flags.Contains(arg, StringComparer.Ordinal));
    }

    /// <summary>Writes the help for the configuration <paramref name="args"/> and the environment would use.</summary>
    public static void Write(TextWriter output, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(output);
        ConfigurationLayout layout;
        try
        {
            layout = ConfigurationLayout.Resolve(args, Environment.GetEnvironmentVariable);
        }
        catch (InvalidProfileNameException)
        {
            layout = ConfigurationLayout.Resolve([], _ => null);
        }

        output.Write(Usage(layout));
        output.Write(Keys(layout));
        output.Write(Closing);
    }

    private static string Usage(ConfigurationLayout layout)
    {
        var profiles = Directory.Exists(layout.Directory)
            ? string.Join(", ", Directory.EnumerateFiles(layout.Directory, "*.json")
                .Select(Path.GetFileNameWithoutExtension)
                .Where(name => name != Path.GetFileNameWithoutExtension(ConfigurationLayout.BaseFileName))
                .Order(StringComparer.Ordinal))
            : "(folder not found)";
        return string.Create(CultureInfo.InvariantCulture, $"""
            RsPipeline: a dynamic-batching gRPC inference server for a recommender's recall stage.

            Usage: RsPipeline.Host [--profile NAME] [--config-dir PATH] [--Section:Key=value ...]
                   RsPipeline.Host --help

            Configuration layers, lowest first (each overrides the ones above it):
              1. {layout.BaseFile}
                 every key with its default and what it means (comments in the file)
              2. {Path.Combine(layout.Directory, "NAME.json")}
                 a profile: --profile NAME, else the variable {ConfigurationLayout.ProfileVariable}
              3. environment variables: Section__Key=value (e.g. Server__Port=6000)
              4. command-line arguments: --Section:Key=value (e.g. --Server:Port=6000)
            The configuration folder: --config-dir PATH, else the variable {ConfigurationLayout.DirectoryVariable},
            else config/ beside the executable. Now: {layout.Directory}

            Profiles there: {profiles}


            """);
    }

    private static string Keys(ConfigurationLayout layout)
    {
        if (!File.Exists(layout.BaseFile))
        {
            return $"Keys: {layout.BaseFile} not found.\n\n";
        }

        var keys = new ConfigurationBuilder().AddJsonFile(layout.BaseFile, optional: false, reloadOnChange: false).Build()
            .AsEnumerable()
            .Where(pair => pair.Value is not null)
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => string.Create(CultureInfo.InvariantCulture, $"  {pair.Key} = {pair.Value}   [README: {ReadmeSection(pair.Key)}]"));
        return $"Keys and their defaults ({ConfigurationLayout.BaseFileName}; README.md section in brackets):\n{string.Join('\n', keys)}\n\n";
    }

    private static string ReadmeSection(string key)
    {
        var parts = key.Split(':');
        for (var length = parts.Length - 1; length > 0; length--)
        {
            if (ReadmeSections.TryGetValue(string.Join(':', parts[..length]), out var section))
            {
                return section;
            }
        }

        return "Configuration";
    }

    private const string Closing = """
        Also read from the environment: OTEL_EXPORTER_OTLP_ENDPOINT (switches OTLP export on),
        OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_EXPORTER_OTLP_HEADERS, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES
        (README: Telemetry).
        JSON logs, one object per line: --Logging:Console:FormatterName=json (README: Logs).

        Exit codes: 0 stopped (SIGTERM, Ctrl+C), 1 start-up failed, 2 invalid configuration.

        """;
}
