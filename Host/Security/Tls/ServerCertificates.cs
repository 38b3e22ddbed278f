using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace RsPipeline.Host.Security.Tls;

/// <summary>
/// The TLS files in force. Every handshake asks for <see cref="Current"/>, so a renewal swapped in
/// by <see cref="ReloadIfChanged"/> is served from the next connection on; connections already
/// open keep the certificate they started with. A renewal that cannot be read keeps the last good files.
/// </summary>
internal sealed class ServerCertificates : IPolledFiles
{
    private readonly TlsOptions _options;
    private readonly ILogger<ServerCertificates> _logger;
    private readonly Lock _reloading = new();
    private volatile TlsFiles _current;

    /// <exception cref="IOException">A file cannot be read (validation at start reports it first).</exception>
    /// <exception cref="CryptographicException">A file is not usable.</exception>
    public ServerCertificates(IOptions<TlsOptions> options, ILogger<ServerCertificates> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _current = TlsFiles.Load(_options);
    }

    /// <summary>The files in force.</summary>
    public TlsFiles Current => _current;

    /// <inheritdoc/>
    public TimeSpan ReloadInterval => _options.ReloadInterval;

    /// <summary>Raised after new files were swapped in.</summary>
    public event Action<TlsFiles>? Reloaded;

    /// <summary>Whether clients must present a certificate (Server:Tls:ClientCaPath is set).</summary>
    public bool RequireClientCertificate => _options.ClientCaPath is not null;

    /// <summary>
    /// Reads the files again if their contents changed; returns whether new files are now served.
    /// Files that do not load are logged and the previous ones stay.
    /// </summary>
    public bool ReloadIfChanged()
    {
        lock (_reloading)
        {
            try
            {
                if (TlsFiles.FingerprintOf(_options) == _current.Fingerprint)
                {
                    return false;
                }

                _current = TlsFiles.Load(_options);
                TlsLog.CertificateReloaded(_logger, _current.Certificate.Subject, _current.Certificate.NotAfter, _current.Certificate.Thumbprint);
                Reloaded?.Invoke(_current);
                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                TlsLog.CertificateReloadFailed(_logger, _options.CertificatePath!, ex.Message);
                return false;
            }
        }
    }

    /// <summary>Whether <paramref name="certificate"/> chains to one of the client authorities in force.</summary>
    public bool IsTrustedClient(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (_current.ClientAuthorities is not { } authorities)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // A client certificate must be meant for client authentication (TLS Web Client Authentication).
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthenticationOid));
        if (chain.Build(certificate))
        {
            return true;
        }

        TlsLog.ClientCertificateRefused(_logger, certificate.Subject);
        return false;
    }

    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";
}
