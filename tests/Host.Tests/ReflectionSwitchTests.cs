using Grpc.Core;
using Grpc.Reflection.V1Alpha;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests;

/// <summary>Server:Reflection: on by default (ReflectionTests), off by the key and in the production profile.</summary>
public sealed class ReflectionSwitchTests : IDisposable
{
    private readonly TestCatalog _catalog = new();

    [Theory]
    [InlineData("--Server:Reflection=false")]
    [InlineData("--profile", "production")]
    public async Task ReflectionOff_IsUnimplemented_WhileTheServicesAnswer(params string[] switchOff)
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog, switchOff));
        using var call = new ServerReflection.ServerReflectionClient(server.Channel).ServerReflectionInfo();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
            await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout();
        });

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        await server.Seed.CallRsItemsAsync(new Protos.Rs.userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(1)) });
    }

    public void Dispose() => _catalog.Dispose();
}
