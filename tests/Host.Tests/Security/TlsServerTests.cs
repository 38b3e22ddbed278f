using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using RsPipeline.Host.Security.Tls;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Security;

/// <summary>The public port over TLS and mutual TLS, with certificates made at test time, from .NET and Python clients.</summary>
public sealed class TlsServerTests : IDisposable
{
    private readonly TestCatalog _catalog = new();
    private readonly TestCertificates _certificates = new();

    [Fact]
    public async Task DotNetClient_OverTls_GetsTheExactTopK()
    {
        await using var server = await StartAsync(mutual: false);
        var query = TestCatalog.Query(3);

        var reply = await server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) });

        Assert.StartsWith("https://", server.Address, StringComparison.Ordinal);
        _catalog.AssertTopK(query, reply.Items.Split(','), 100);
    }

    [Fact]
    public async Task PythonClient_OverTls_IsAnswered()
    {
        await using var server = await StartAsync(mutual: false);

        await InteropPython.RunAsync("tls_client.py", PythonArguments(server));
    }

    [Fact]
    public async Task PlaintextClient_OnTlsPort_IsRefused()
    {
        await using var server = await StartAsync(mutual: false);
        using var plaintext = GrpcChannel.ForAddress($"http://127.0.0.1:{server.Port}");
        var before = server.Gate.Submitted;

        var error = await Assert.ThrowsAsync<RpcException>(() => new RSer.RSerClient(plaintext).CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(1)) }).ResponseAsync.DefaultTimeout());

        Assert.NotEqual(StatusCode.OK, error.StatusCode);
        Assert.Equal(before, server.Gate.Submitted);
    }

    [Fact]
    public async Task MutualTls_ClientsWithTrustedCertificate_AreAnswered()
    {
        await using var server = await StartAsync(mutual: true);
        var query = TestCatalog.Query(4);

        var reply = await server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) });
        _catalog.AssertTopK(query, reply.Items.Split(','), 100);

        var (certificate, key) = _certificates.Write(_certificates.IssueClient("python-backend"), "python-client");
        await InteropPython.RunAsync("tls_client.py", [.. PythonArguments(server), "--cert", certificate, "--key", key]);
    }

    [Fact]
    public async Task MutualTls_ClientWithoutCertificate_IsRefusedAtTheHandshake()
    {
        await using var server = await StartAsync(mutual: true);
        using var anonymous = TlsChannels.Create(server.Address, _certificates.Authority);
        var before = server.Gate.Submitted;

        await AssertRefusedAsync(anonymous);
        await InteropPython.RunAsync("tls_client.py", [.. PythonArguments(server), "--expect-refused"]);
        Assert.Equal(before, server.Gate.Submitted);
    }

    [Fact]
    public async Task MutualTls_ClientCertificateFromAnotherAuthority_IsRefused()
    {
        await using var server = await StartAsync(mutual: true);
        using var stranger = new TestCertificates("Another CA");
        using var channel = TlsChannels.Create(server.Address, _certificates.Authority, stranger.IssueClient("intruder"));
        var before = server.Gate.Submitted;

        await AssertRefusedAsync(channel);
        Assert.Equal(before, server.Gate.Submitted);
    }

    [Fact]
    public async Task RenewedCertificate_ServedToNewConnections_WithoutRestart()
    {
        await using var server = await StartAsync(mutual: false);
        var renewed = _certificates.IssueServer("renewed");
        _certificates.Write(renewed, "server");

        var swapped = server.App.Services.GetRequiredService<ServerCertificates>().ReloadIfChanged();

        X509Certificate2? seen = null;
        using var channel = TlsChannels.Create(server.Address, _certificates.Authority, seen: certificate => seen = certificate);
        await new RSer.RSerClient(channel).CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(2)) });
        Assert.True(swapped);
        Assert.Equal(renewed.SerialNumber, seen?.SerialNumber);
    }

    [Fact]
    public async Task UnusableRenewal_KeepsServingThePreviousCertificate()
    {
        await using var server = await StartAsync(mutual: false);
        var certificates = server.App.Services.GetRequiredService<ServerCertificates>();
        var serving = certificates.Current.Certificate.SerialNumber;
        await File.WriteAllTextAsync(_certificates.PathOf("server.key"), "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");

        Assert.False(certificates.ReloadIfChanged());

        X509Certificate2? seen = null;
        using var channel = TlsChannels.Create(server.Address, _certificates.Authority, seen: certificate => seen = certificate);
        await new RSer.RSerClient(channel).CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(2)) });
        Assert.Equal(serving, seen?.SerialNumber);
    }

    [Fact]
    public async Task ProbePort_AnswersHealthInClearText_AndNothingElse()
    {
        var probePort = LoopbackPorts.Free();
        await using var server = await StartAsync(mutual: true, $"--Server:Tls:ProbePort={probePort}");
        using var probe = GrpcChannel.ForAddress($"http://127.0.0.1:{probePort}");

        var health = await new Grpc.Health.V1.Health.HealthClient(probe).CheckAsync(new Grpc.Health.V1.HealthCheckRequest()).ResponseAsync.DefaultTimeout();
        var error = await Assert.ThrowsAsync<RpcException>(() => new RSer.RSerClient(probe).CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(1)) }).ResponseAsync.DefaultTimeout());

        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.StartsWith("https://", server.Address, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _certificates.Dispose();
        _catalog.Dispose();
    }

    private async Task<TestServer> StartAsync(bool mutual, params string[] extra)
    {
        var (certificate, key) = _certificates.Write(_certificates.IssueServer(), "server");
        string[] tls = mutual
            ? [$"--Server:Tls:CertificatePath={certificate}", $"--Server:Tls:KeyPath={key}", $"--Server:Tls:ClientCaPath={_certificates.AuthorityPath}"]
            : [$"--Server:Tls:CertificatePath={certificate}", $"--Server:Tls:KeyPath={key}"];
        var client = mutual ? _certificates.IssueClient("dotnet-backend") : null;
        return await TestServer.StartAsync(TestServer.Arguments(_catalog, [.. tls, .. extra]), connect: address => TlsChannels.Create(address, _certificates.Authority, client));
    }

    private string[] PythonArguments(TestServer server) =>
    [
        "--target", $"127.0.0.1:{server.Port}",
        "--proto", Path.Combine(InteropPython.Folder, "rs.proto"),
        "--ca", _certificates.AuthorityPath,
        "--dimension", TestCatalog.Dimension.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

    private static async Task AssertRefusedAsync(GrpcChannel channel)
    {
        var call = new RSer.RSerClient(channel).CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(1)) });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.DefaultTimeout());

        // With TLS 1.3 the client hears of the refusal either while connecting (UNAVAILABLE) or on
        // its first read, after it believed the handshake done (INTERNAL); the callers assert the
        // call never reached the pipeline.
        Assert.Contains(error.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
    }
}
