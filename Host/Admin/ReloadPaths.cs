using Grpc.Core;
using Microsoft.Extensions.Options;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Configuration;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Host.Admin;

/// <summary>
/// Confines the file paths a reload request names to the allowed roots (<see cref="AdminOptions.AllowedRoots"/>,
/// else the directories of the files configured at start-up). Every path is resolved to its real
/// path (symbolic links included) and that resolved path is what the reload opens, so a link
/// cannot lead out of a root after the check. A path outside every root is refused as
/// PERMISSION_DENIED without saying whether it exists; inside, a missing file or a directory is
/// INVALID_ARGUMENT naming the path and the problem.
/// </summary>
internal sealed class ReloadPaths
{
    private readonly Lazy<string[]> _roots;

    /// <summary>
    /// The roots: <see cref="AdminOptions.AllowedRoots"/>, else the directories of the files that
    /// <paramref name="startUp"/> (the configuration as the server is built) names; resolved on first use.
    /// </summary>
    public ReloadPaths(IOptions<AdminOptions> admin, StartUpFiles startUp)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(startUp);
        _roots = new(() =>
        {
            var configured = admin.Value.AllowedRoots.Where(root => !string.IsNullOrWhiteSpace(root)).ToArray();
            var roots = configured.Length > 0 ? configured : startUp.Directories;
            return roots.Select(RealPath.Resolve).Distinct(StringComparer.Ordinal).ToArray();
        });
    }

    /// <summary>The resolved roots a requested path must lie under.</summary>
    public IReadOnlyList<string> Roots => _roots.Value;

    /// <summary>
    /// The real path of <paramref name="requested"/> (the request's <paramref name="field"/>), or null when not given.
    /// </summary>
    /// <exception cref="RpcException">PERMISSION_DENIED outside the roots; INVALID_ARGUMENT for a directory or a missing file.</exception>
    public string? Confine(string? requested, string field)
    {
        if (requested is null)
        {
            return null;
        }

        string real;
        try
        {
            real = RealPath.Resolve(requested);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw Refused(requested, field);
        }

        if (!_roots.Value.Any(root => RealPath.IsUnder(real, root)))
        {
            throw Refused(requested, field);
        }

        if (Directory.Exists(real))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} '{requested}' is a directory; name a file"));
        }

        if (!File.Exists(real))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} '{requested}' does not exist"));
        }

        return real;
    }

    // Says nothing about the file, so that the answer cannot tell what exists outside the roots.
    private static RpcException Refused(string requested, string field) =>
        new(new Status(StatusCode.PermissionDenied, $"{field} '{requested}' is not under {AdminOptions.SectionName}:{nameof(AdminOptions.AllowedRoots)}; reloads read files there only"));
}

/// <summary>The directories of the catalogue and tower files the configuration names when the server is built: the default reload roots.</summary>
internal sealed record StartUpFiles(string[] Directories)
{
    /// <summary>Reads Catalog:EmbeddingsPath, Catalog:ItemIdsPath and Inference:UserTower:Path from <paramref name="configuration"/> as it is now.</summary>
    public static StartUpFiles From(IConfiguration configuration)
    {
        var catalog = configuration.ReadUnvalidated<CatalogOptions>(CatalogOptions.SectionName);
        var inference = configuration.ReadUnvalidated<InferenceOptions>(InferenceOptions.SectionName);
        var directories = new[] { catalog.EmbeddingsPath, catalog.ItemIdsPath, inference.UserTower.Path }
            .OfType<string>()
            .Select(path => Path.GetDirectoryName(Path.GetFullPath(path)))
            .OfType<string>()
            .ToArray();
        return new StartUpFiles(directories);
    }
}
