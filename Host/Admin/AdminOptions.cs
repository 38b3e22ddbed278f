namespace RsPipeline.Host.Admin;

/// <summary>The admin service (rspipeline.admin.v1.Admin), bound from the "Admin" section and validated at start.</summary>
public sealed class AdminOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Admin";

    internal const string DefaultBindAddress = "127.0.0.1";
    internal const int DefaultPort = 50052;

    /// <summary>The longest <c>version</c> a reload may name (it is echoed in every reply); longer is INVALID_ARGUMENT.</summary>
    internal const int MaxVersionLength = 128;

    /// <summary>Whether the admin service is served at all. Default false: it is not mapped and calls get UNIMPLEMENTED.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The IP address of the admin endpoint, a listener of its own; the admin service answers only
    /// there. Default "127.0.0.1" (this machine only). Any other address requires <see cref="Token"/>.
    /// </summary>
    public string BindAddress { get; set; } = DefaultBindAddress;

    /// <summary>The admin endpoint's TCP port; 0 picks a free one. Default 50052.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>
    /// When set, every admin call needs the metadata <c>authorization: Bearer &lt;token&gt;</c>
    /// (else UNAUTHENTICATED). Default unset. Empty counts as unset.
    /// </summary>
    public string? Token { get => _token; set => _token = string.IsNullOrWhiteSpace(value) ? null : value; }

    /// <summary>
    /// The directories whose files a reload request may name (embeddings_path, item_ids_path,
    /// user_tower_path), resolved to real paths (symbolic links followed); any other path is
    /// PERMISSION_DENIED. Default empty: the directories of the catalogue and tower files configured
    /// at start-up (none with the synthetic catalogue, so then a request may name no file; a reload
    /// of what the configuration says is always allowed).
    /// </summary>
    public IList<string> AllowedRoots { get; } = new List<string>();

    private string? _token;
}
