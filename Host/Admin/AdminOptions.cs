namespace RsPipeline.Host.Admin;

/// <summary>The admin service (rspipeline.admin.v1.Admin), bound from the "Admin" section and validated at start.</summary>
public sealed class AdminOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Admin";

    internal const string DefaultBindAddress = "127.0.0.1";
    internal const int DefaultPort = 50052;

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

    private string? _token;
}
