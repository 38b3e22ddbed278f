using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Host.Security;
using RsPipeline.Host.Security.Tls;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Security;

public sealed class PolledFilesServiceTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    [Fact]
    public async Task RenewedCertificate_SwappedInOnTheNextInterval_NotBefore()
    {
        var (certificate, key) = _certificates.Write(_certificates.IssueServer(), "server");
        var options = new TlsOptions { CertificatePath = certificate, KeyPath = key, ReloadInterval = TimeSpan.FromMinutes(1) };
        var files = new ServerCertificates(Options.Create(options), NullLogger<ServerCertificates>.Instance);
        var time = new FakeTimeProvider();
        var reloaded = new TaskCompletionSource<TlsFiles>(TaskCreationOptions.RunContinuationsAsynchronously);
        files.Reloaded += reloaded.SetResult;
        using var service = new PolledFilesService<ServerCertificates>(files, time);
        await service.StartAsync(CancellationToken.None);
        var renewed = _certificates.IssueServer("renewed");
        _certificates.Write(renewed, "server");

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(reloaded.Task.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(renewed.SerialNumber, (await reloaded.Task.DefaultTimeout()).Certificate.SerialNumber);
        await service.StopAsync(CancellationToken.None);
    }

    public void Dispose() => _certificates.Dispose();
}
