using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using RsPipeline.Pipeline.Configuration;

namespace RsPipeline.Host.Security.Tls;

/// <summary>
/// Puts TLS on the public listener when Server:Tls:CertificatePath is set: h2 by ALPN (the listener
/// speaks HTTP/2 only, so a cleartext client is refused), the certificate in force asked for at
/// every handshake (renewals apply to new connections), and with Server:Tls:ClientCaPath a client
/// certificate required and checked against the authorities in force.
/// </summary>
internal static class TlsEndpoint
{
    /// <summary>Adds TLS to <paramref name="listener"/> if the configuration asks for it.</summary>
    public static void UseIfEnabled(ListenOptions listener, IConfiguration configuration)
    {
        var options = configuration.ReadUnvalidated<TlsOptions>(TlsOptions.SectionName);
        if (!options.Enabled)
        {
            return;
        }

        // Resolved at the first handshake, after the options were validated at start.
        var certificates = new Lazy<ServerCertificates>(listener.ApplicationServices.GetRequiredService<ServerCertificates>);
        listener.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => certificates.Value.Current.Certificate,
            ClientCertificateMode = options.ClientCaPath is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
            // The platform's own check would ask the system's trust store; the client authorities are ours.
            ClientCertificateValidation = (certificate, _, _) => certificates.Value.IsTrustedClient(certificate),
            OnAuthenticate = (_, authentication) =>
            {
                // The context carries the intermediates from the certificate file; the selector alone would not send them.
                authentication.ServerCertificateSelectionCallback = null;
                authentication.ServerCertificate = null;
                authentication.ServerCertificateContext = certificates.Value.Current.Context;
            },
        });
    }
}
