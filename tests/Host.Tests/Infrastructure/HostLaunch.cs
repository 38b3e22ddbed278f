namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>
/// How <see cref="HostProcess"/> starts the server: the program, the arguments that come before the
/// server's own, and the environment variables to set (a null value removes one).
/// </summary>
public sealed record HostLaunch(string FileName, IReadOnlyList<string> Prefix, IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary><c>dotnet RsPipeline.Host.dll</c> from the test's own build output.</summary>
    public static HostLaunch BuildOutput => Dotnet(System.IO.Path.Combine(AppContext.BaseDirectory, "RsPipeline.Host.dll"));

    /// <summary><c>dotnet <paramref name="dll"/></c>.</summary>
    public static HostLaunch Dotnet(string dll) => new("dotnet", [dll], new Dictionary<string, string?>());

    /// <summary>This launch with <paramref name="variables"/> added to (or replacing) its environment.</summary>
    public HostLaunch WithEnvironment(IEnumerable<KeyValuePair<string, string?>> variables)
    {
        var environment = new Dictionary<string, string?>(Environment);
        foreach (var (key, value) in variables)
        {
            environment[key] = value;
        }

        return this with { Environment = environment };
    }
}
