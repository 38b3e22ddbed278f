using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RsPipeline.Host.Security.Callers;

/// <summary>
/// The token file's contents: SHA-256 of each token → its caller's name. The server holds only
/// hashes, so the file can be read (a ConfigMap, a review) without handing out a key.
/// </summary>
internal sealed class TokenFile
{
    private const int HashHexLength = 64;
    private readonly FrozenDictionary<string, string> _callerByHash;

    private TokenFile(FrozenDictionary<string, string> callerByHash, string fingerprint)
    {
        _callerByHash = callerByHash;
        Fingerprint = fingerprint;
    }

    /// <summary>SHA-256 of the file's bytes.</summary>
    public string Fingerprint { get; }

    /// <summary>The distinct caller names.</summary>
    public IReadOnlySet<string> Callers => _callerByHash.Values.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The SHA-256 of <paramref name="token"/> as the file writes it (lower-case hex).</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The caller <paramref name="token"/> belongs to, or null.</summary>
    public string? CallerOf(string token) => _callerByHash.GetValueOrDefault(HashOf(token));

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">A line is malformed (all such lines are named), or the file lists no token.</exception>
    public static TokenFile Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (Parse(line) is not { } entry)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"line {i + 1}: expected 'caller sha256-hex' (64 hex digits)"));
            }
            else if (!entries.TryAdd(entry.Hash, entry.Caller) && entries[entry.Hash] != entry.Caller)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"line {i + 1}: the same token is listed for {entries[entry.Hash]} and {entry.Caller}"));
            }
        }

        if (errors.Count == 0 && entries.Count == 0)
        {
            errors.Add("it lists no token");
        }

        return errors.Count == 0
            ? new TokenFile(entries.ToFrozenDictionary(StringComparer.Ordinal), Convert.ToHexString(SHA256.HashData(bytes)))
            : throw new InvalidDataException($"{path}: {string.Join("; ", errors)}");
    }

    /// <summary>SHA-256 of the file's bytes as they are now.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string FingerprintOf(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static (string Caller, string Hash)? Parse(string line)
    {
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || parts[1].Length != HashHexLength || !parts[1].All(char.IsAsciiHexDigit) || !parts[0].All(IsNameCharacter))
        {
            return null;
        }

        return (parts[0], parts[1].ToLowerInvariant());
    }

    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
