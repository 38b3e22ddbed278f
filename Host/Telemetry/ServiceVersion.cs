using System.Reflection;

namespace RsPipeline.Host.Telemetry;

/// <summary>
/// The server's version as OpenTelemetry reports it (resource attribute service.version): the host
/// assembly's informational version, i.e. the build's Version property plus "+commit" where the
/// build knew its source revision, so that every deployment tells which build it runs.
/// </summary>
internal static class ServiceVersion
{
    /// <summary>The informational version, or the assembly version where a build has none.</summary>
    public static string Current { get; } = Of(typeof(ServiceVersion).Assembly);

    /// <summary>The informational version of <paramref name="assembly"/>.</summary>
    public static string Of(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
}
