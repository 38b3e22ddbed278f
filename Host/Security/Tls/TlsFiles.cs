using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Net.Security;

namespace RsPipeline.Host.Security.Tls;

/// <summary>
/// One reading of the TLS files: the server's certificate with its key and chain, ready for the
/// handshake, the client authorities for mutual TLS, and a fingerprint of the files' bytes that
/// tells a renewal from the same files read again.
/// </summary>
internal sealed class TlsFiles
{
    private TlsFiles(X509Certificate2 certificate, SslStreamCertificateContext context, X509Certificate2Collection? clientAuthorities, string fingerprint)
    {
        Certificate = certificate;
        Context = context;
        ClientAuthorities = clientAuthorities;
        Fingerprint = fingerprint;
    }

    /// <summary>The server's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate and its intermediates, as the handshake sends them.</summary>
    public SslStreamCertificateContext Context { get; }

    /// <summary>The authorities a client's certificate must chain to; null without mutual TLS.</summary>
    public X509Certificate2Collection? ClientAuthorities { get; }

    /// <summary>SHA-256 over the files' contents, in order.</summary>
    public string Fingerprint { get; }

    /// <summary>The SHA-256 of the files named by <paramref name="options"/> as they are now.</summary>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static string FingerprintOf(TlsOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in PathsOf(options))
        {
            hash.AppendData(File.ReadAllBytes(path));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Reads and checks the files named by <paramref name="options"/>.</summary>
    /// <exception cref="IOException">A file cannot be read.</exception>
    /// <exception cref="CryptographicException">A file holds no usable certificate or key.</exception>
    /// <exception cref="ArgumentException">The key is not the certificate's.</exception>
    public static TlsFiles Load(TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fingerprint = FingerprintOf(options);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(options.CertificatePath!);
        var certificate = X509Certificate2.CreateFromPemFile(options.CertificatePath!, options.KeyPath);
        if (!certificate.HasPrivateKey)
        {
            throw new CryptographicException($"{options.KeyPath} is not the private key of the certificate in {options.CertificatePath}");
        }

        var intermediates = new X509Certificate2Collection(chain.Skip(1).ToArray());
        var context = SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
        return new TlsFiles(certificate, context, LoadAuthorities(options.ClientCaPath), fingerprint);
    }

    private static X509Certificate2Collection? LoadAuthorities(string? path)
    {
        if (path is null)
        {
            return null;
        }

        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(path);
        return authorities.Count > 0 ? authorities : throw new CryptographicException($"{path} holds no PEM certificate");
    }

    private static IEnumerable<string> PathsOf(TlsOptions options) =>
        new[] { options.CertificatePath, options.KeyPath, options.ClientCaPath }.OfType<string>();
}
