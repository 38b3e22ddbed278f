namespace RsPipeline.Host.Security.Tls;

/// <summary>
/// TLS on the public gRPC port, bound from "Server:Tls" and validated at start. Off unless
/// <see cref="CertificatePath"/> is set. The files are PEM, as cert-manager and most CAs write them,
/// and are re-read when they change (<see cref="ReloadInterval"/>), so a renewed certificate is
/// served without a restart.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Server:Tls";

    internal static readonly TimeSpan DefaultReloadInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The server's certificate (PEM), optionally followed by its intermediate certificates, which
    /// are sent with it. Default unset: the port speaks cleartext HTTP/2 (h2c).
    /// </summary>
    public string? CertificatePath { get => _certificatePath; set => _certificatePath = Blank(value); }

    /// <summary>The certificate's private key (PEM: PKCS#8, PKCS#1 or SEC1). Required with <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get => _keyPath; set => _keyPath = Blank(value); }

    /// <summary>
    /// Mutual TLS: the certificate authorities (PEM, one or more) a client's certificate must chain
    /// to. When set, a client without such a certificate is refused during the handshake. Default unset.
    /// </summary>
    public string? ClientCaPath { get => _clientCaPath; set => _clientCaPath = Blank(value); }

    /// <summary>
    /// A cleartext port serving grpc.health.v1 only, for health probes that cannot speak TLS
    /// (Kubernetes' native gRPC probes); every other call there is UNIMPLEMENTED. Only with TLS.
    /// Default 0: no such port (not "any free port": a probe must know where to knock).
    /// </summary>
    public int ProbePort { get; set; }

    /// <summary>How often the files are checked for a change (a renewal). Default 1 minute.</summary>
    public TimeSpan ReloadInterval { get; set; } = DefaultReloadInterval;

    /// <summary>Whether the public port speaks TLS.</summary>
    public bool Enabled => CertificatePath is not null;

    private string? _certificatePath;
    private string? _keyPath;
    private string? _clientCaPath;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
