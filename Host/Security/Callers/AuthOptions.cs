namespace RsPipeline.Host.Security.Callers;

/// <summary>
/// Bearer-token authentication on the public services (rs.RSer, rspipeline.recall.v1.Recall), bound
/// from "Auth" and validated at start. Off unless <see cref="TokensPath"/> is set.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Auth";

    internal static readonly TimeSpan DefaultReloadInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The token file: one line per key, "caller sha256-hex-of-the-token"; a caller may have several
    /// lines (keys rotate by adding the new one, moving the clients, removing the old one). When set,
    /// every call of the public services needs <c>authorization: Bearer &lt;token&gt;</c> with a listed
    /// token (else UNAUTHENTICATED). Re-read when it changes. Default unset: no token is asked for.
    /// </summary>
    public string? TokensPath { get => _tokensPath; set => _tokensPath = string.IsNullOrWhiteSpace(value) ? null : value; }

    /// <summary>How often the token file is checked for a change. Default 1 minute.</summary>
    public TimeSpan ReloadInterval { get; set; } = DefaultReloadInterval;

    /// <summary>Whether calls need a token.</summary>
    public bool Enabled => TokensPath is not null;

    private string? _tokensPath;
}
