namespace RsPipeline.Host.Configuration;

/// <summary>
/// Where the configuration files are and which profile is layered over them. Sources, lowest
/// first: config/appsettings.json, config/PROFILE.json, environment variables, command line.
/// </summary>
/// <param name="Directory">The folder holding appsettings.json and the profiles.</param>
/// <param name="Profile">The profile's name, or null for none.</param>
public sealed record ConfigurationLayout(string Directory, string? Profile)
{
    /// <summary>The environment variable naming the profile when <c>--profile</c> is not given.</summary>
    public const string ProfileVariable = "RSPIPELINE_PROFILE";

    /// <summary>The environment variable naming the configuration folder when <c>--config-dir</c> is not given.</summary>
    public const string DirectoryVariable = "RSPIPELINE_CONFIG_DIR";

    /// <summary>The base file every profile is layered over.</summary>
    public const string BaseFileName = "appsettings.json";

    /// <summary>The base file's full path.</summary>
    public string BaseFile => Path.Combine(Directory, BaseFileName);

    /// <summary>The profile file's full path, or null without a profile.</summary>
    public string? ProfileFile => Profile is null ? null : Path.Combine(Directory, Profile + ".json");

    /// <summary>
    /// Resolves the layout from <c>--profile NAME</c> / <c>--config-dir PATH</c> (also <c>--x=value</c>),
    /// else the environment, else no profile and <c>AppContext.BaseDirectory/config</c>.
    /// </summary>
    /// <exception cref="InvalidProfileNameException">A profile name that is not a plain file name.</exception>
    public static ConfigurationLayout Resolve(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var profile = Option(args, "--profile") ?? environment(ProfileVariable);
        var directory = Option(args, "--config-dir") ?? environment(DirectoryVariable);
        profile = string.IsNullOrWhiteSpace(profile) ? null : profile.Trim();
        if (profile is not null && (profile.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || profile.Contains('.', StringComparison.Ordinal)))
        {
            throw new InvalidProfileNameException($"profile '{profile}' is not a plain name such as latency or throughput", nameof(args));
        }

        directory = string.IsNullOrWhiteSpace(directory) ? Path.Combine(AppContext.BaseDirectory, "config") : Path.GetFullPath(directory);
        return new ConfigurationLayout(directory, profile);
    }

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == name && i + 1 < args.Count)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }

        return null;
    }
}
