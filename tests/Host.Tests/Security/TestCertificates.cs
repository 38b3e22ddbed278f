using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Security;

/// <summary>
/// A certificate authority made at test time (never committed), issuing server certificates for
/// 127.0.0.1 and localhost and client certificates, written as the PEM files the server reads.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private readonly TemporaryDirectory _directory = new();
    private readonly ECDsa _authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private long _serial = 1;

    public TestCertificates(string authorityName = "RsPipeline Test CA")
    {
        var request = new CertificateRequest($"CN={authorityName}", _authorityKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        AuthorityPath = _directory.File("ca.pem", Authority.ExportCertificatePem());
    }

    /// <summary>The authority's self-signed certificate.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The authority's certificate as a PEM file (what Server:Tls:ClientCaPath and clients trust).</summary>
    public string AuthorityPath { get; }

    /// <summary>A server certificate for 127.0.0.1 and localhost, with its key.</summary>
    public X509Certificate2 IssueServer(string name = "localhost") => Issue($"CN={name}", ServerAuthentication, server: true);

    /// <summary>A client certificate (for mutual TLS) named <paramref name="commonName"/>, with its key.</summary>
    public X509Certificate2 IssueClient(string commonName) => Issue($"CN={commonName}", ClientAuthentication, server: false);

    /// <summary>Writes <paramref name="certificate"/> and its key as PEM files NAME.pem and NAME.key (overwriting); returns both paths.</summary>
    public (string CertificatePath, string KeyPath) Write(X509Certificate2 certificate, string name)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("no ECDSA key");
        return (_directory.File($"{name}.pem", certificate.ExportCertificatePem()), _directory.File($"{name}.key", key.ExportPkcs8PrivateKeyPem()));
    }

    /// <summary>A path in the certificates' folder.</summary>
    public string PathOf(string name) => Path.Combine(_directory.Path, name);

    public void Dispose()
    {
        Authority.Dispose();
        _authorityKey.Dispose();
        _directory.Dispose();
    }

    private X509Certificate2 Issue(string subject, string usage, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, true, false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = BitConverter.GetBytes(Interlocked.Increment(ref _serial));
        using var issued = request.Create(Authority.SubjectName, X509SignatureGenerator.CreateForECDsa(_authorityKey), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        return issued.CopyWithPrivateKey(key);
    }
}
