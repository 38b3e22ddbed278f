using RsPipeline.Host.Security.Tls;

namespace RsPipeline.Host.Tests.Security;

public sealed class TlsOptionsValidatorTests : IDisposable
{
    private readonly TestCertificates _certificates = new();
    private readonly TlsOptionsValidator _validator = new(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());

    [Fact]
    public void Unset_IsValid_AndOff()
    {
        var options = new TlsOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.False(options.Enabled);
    }

    [Fact]
    public void CertificateKeyAndAuthority_ThatLoad_AreValid()
    {
        var (certificate, key) = _certificates.Write(_certificates.IssueServer(), "server");

        var result = _validator.Validate(null, new TlsOptions { CertificatePath = certificate, KeyPath = key, ClientCaPath = _certificates.AuthorityPath });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void EveryProblem_ReportedAtOnce_NamingItsKey()
    {
        var result = _validator.Validate(null, new TlsOptions { CertificatePath = "/no/such/cert.pem", ClientCaPath = "/no/such/ca.pem", ReloadInterval = TimeSpan.Zero });

        Assert.False(result.Succeeded);
        Assert.Contains("Server:Tls:KeyPath must name", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Server:Tls:CertificatePath: /no/such/cert.pem does not exist", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Server:Tls:ClientCaPath: /no/such/ca.pem does not exist", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Server:Tls:ReloadInterval must be positive", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyOfAnotherCertificate_IsRefused()
    {
        var (certificate, _) = _certificates.Write(_certificates.IssueServer(), "server");
        var (_, otherKey) = _certificates.Write(_certificates.IssueServer(), "other");

        var result = _validator.Validate(null, new TlsOptions { CertificatePath = certificate, KeyPath = otherKey });

        Assert.False(result.Succeeded);
        Assert.Contains("the files cannot be used", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyOrAuthorityWithoutCertificate_IsRefused()
    {
        var result = _validator.Validate(null, new TlsOptions { ClientCaPath = _certificates.AuthorityPath });

        Assert.False(result.Succeeded);
        Assert.Contains("need Server:Tls:CertificatePath", result.FailureMessage, StringComparison.Ordinal);
    }

    public void Dispose() => _certificates.Dispose();
}
