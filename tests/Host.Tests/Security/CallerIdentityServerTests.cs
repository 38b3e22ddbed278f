using Grpc.Core;
using Grpc.Net.Client;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Security;

/// <summary>
/// Without tokens the limits are partitioned by the client certificate's common name, or else by
/// the peer address. A period far longer than the test makes each count exact.
/// </summary>
public sealed class CallerIdentityServerTests : IDisposable
{
    private const int Limit = TestServer.MaxUsersPerCall;
    private readonly TestCatalog _catalog = new();
    private readonly TestCertificates _certificates = new();

    [Fact]
    public async Task ClientCertificates_EachCommonNameHasItsOwnLimit()
    {
        var (certificate, key) = _certificates.Write(_certificates.IssueServer(), "server");
        var alpha = _certificates.IssueClient("alpha");
        await using var server = await TestServer.StartAsync(
            TestServer.Arguments(_catalog, $"--Server:Tls:CertificatePath={certificate}", $"--Server:Tls:KeyPath={key}", $"--Server:Tls:ClientCaPath={_certificates.AuthorityPath}",
                "--CallerLimits:Period=01:00:00", $"--CallerLimits:Callers:alpha:RequestsPerPeriod={Limit}"),
            connect: address => TlsChannels.Create(address, _certificates.Authority, alpha));
        using var beta = TlsChannels.Create(server.Address, _certificates.Authority, _certificates.IssueClient("beta"));

        // The start-up health watch is not a limited call: alpha has its whole limit.
        Assert.Equal(Limit, await AdmittedOf(server.Channel, 3 * Limit));
        Assert.Equal(3 * Limit, await AdmittedOf(beta, 3 * Limit));
    }

    [Fact]
    public async Task NoTokenNoCertificate_PeerAddressIsTheCaller()
    {
        await using var server = await TestServer.StartAsync(
            TestServer.Arguments(_catalog, "--CallerLimits:Period=01:00:00", $"--CallerLimits:Callers:ip-127.0.0.1:RequestsPerPeriod={Limit}"));

        Assert.Equal(Limit, await AdmittedOf(server.Channel, 3 * Limit));
    }

    public void Dispose()
    {
        _certificates.Dispose();
        _catalog.Dispose();
    }

    private static async Task<int> AdmittedOf(GrpcChannel channel, int calls)
    {
        var client = new RSer.RSerClient(channel);
        var admitted = 0;
        for (var i = 0; i < calls; i++)
        {
            try
            {
                await client.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(i)) }).ResponseAsync.DefaultTimeout();
                admitted++;
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.ResourceExhausted)
            {
            }
        }

        return admitted;
    }
}
