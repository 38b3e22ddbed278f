namespace RsPipeline.Host.Tests.Deploy;

/// <summary>
/// Every entry under a folder with its size, mode and last write time: two snapshots differ when
/// anything was created, deleted, written or had its mode changed (root ignores missing write bits,
/// so a test running as root proves "nothing written" by comparing snapshots, not by permissions).
/// </summary>
public sealed record DirectorySnapshot(IReadOnlyList<string> Entries)
{
    public static DirectorySnapshot Take(string directory) =>
        new(new DirectoryInfo(directory).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Select(entry => $"{Path.GetRelativePath(directory, entry.FullName)} {(entry is FileInfo file ? file.Length : -1)} {entry.UnixFileMode} {entry.LastWriteTimeUtc:O}")
            .Order(StringComparer.Ordinal)
            .ToArray());

    /// <summary>The entries that are in one snapshot and not the other.</summary>
    public IReadOnlyList<string> Difference(DirectorySnapshot other) =>
        Entries.Except(other.Entries).Select(e => "- " + e).Concat(other.Entries.Except(Entries).Select(e => "+ " + e)).ToArray();
}
