using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace RsPipeline.Host.Tests.Security;

/// <summary>.NET gRPC channels over TLS that trust only the test authority, optionally presenting a client certificate.</summary>
public static class TlsChannels
{
    /// <summary>
    /// A channel to <paramref name="address"/> trusting <paramref name="authority"/>; every server
    /// certificate seen is passed to <paramref name="seen"/>.
    /// </summary>
    public static GrpcChannel Create(string address, X509Certificate2 authority, X509Certificate2? clientCertificate = null, Action<X509Certificate2>? seen = null)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { authority },
                RevocationMode = X509RevocationMode.NoCheck,
            },
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is not null)
                {
                    seen?.Invoke(new X509Certificate2(certificate));
                }

                return errors == SslPolicyErrors.None;
            },
        };
        if (clientCertificate is not null)
        {
            ssl.ClientCertificates = [clientCertificate];
        }

        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { SslOptions = ssl } });
    }
}
