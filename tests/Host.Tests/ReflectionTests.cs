using Grpc.Reflection.V1Alpha;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests;

[Collection(SharedServer.Name)]
public sealed class ReflectionTests(ServerFixture fixture)
{
    [Fact]
    public async Task ListServices_NamesRecallHealthAndSeedServices()
    {
        var client = new ServerReflection.ServerReflectionClient(fixture.Server.Channel);
        using var call = client.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());

        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToArray();
        Assert.Contains("rs.RSer", names);
        Assert.Contains("rspipeline.recall.v1.Recall", names);
        Assert.Contains("grpc.health.v1.Health", names);
    }
}
