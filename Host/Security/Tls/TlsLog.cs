namespace RsPipeline.Host.Security.Tls;

internal static partial class TlsLog
{
    [LoggerMessage(EventId = 1300, EventName = "CertificateReloaded", Level = LogLevel.Information,
        Message = "Serving a new TLS certificate: {Subject}, valid until {NotAfter}, thumbprint {Thumbprint}.")]
    public static partial void CertificateReloaded(ILogger logger, string subject, DateTime notAfter, string thumbprint);

    [LoggerMessage(EventId = 1301, EventName = "CertificateReloadFailed", Level = LogLevel.Warning,
        Message = "The TLS files changed but cannot be used; the previous certificate is still served ({CertificatePath}): {Reason}")]
    public static partial void CertificateReloadFailed(ILogger logger, string certificatePath, string reason);

    [LoggerMessage(EventId = 1302, EventName = "ClientCertificateRefused", Level = LogLevel.Debug,
        Message = "Refused a client certificate at the handshake: {Subject} does not chain to Server:Tls:ClientCaPath.")]
    public static partial void ClientCertificateRefused(ILogger logger, string subject);
}
