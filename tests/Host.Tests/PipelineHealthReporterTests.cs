using Grpc.Health.V1;
using RsPipeline.Host.Tests.Infrastructure;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace RsPipeline.Host.Tests;

[Collection(SharedServer.Name)]
public sealed class PipelineHealthReporterTests(ServerFixture fixture)
{
    [Theory]
    [InlineData("")]
    [InlineData("rs.RSer")]
    [InlineData("rspipeline.recall.v1.Recall")]
    public async Task Check_PipelineServing_Serving(string service)
    {
        var reply = await fixture.Server.Health.CheckAsync(new HealthCheckRequest { Service = service });

        Assert.Equal(ServingStatus.Serving, reply.Status);
    }
}
