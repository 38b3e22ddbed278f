using System.Diagnostics;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using RsPipeline.Host.Telemetry;

namespace RsPipeline.Host.Tests;

public sealed class RpcSpanAttributesTests
{
    [Theory]
    [InlineData(StatusCode.OK, ActivityStatusCode.Unset)]
    [InlineData(StatusCode.InvalidArgument, ActivityStatusCode.Unset)]
    [InlineData(StatusCode.ResourceExhausted, ActivityStatusCode.Unset)]
    [InlineData(StatusCode.Unavailable, ActivityStatusCode.Error)]
    [InlineData(StatusCode.Internal, ActivityStatusCode.Error)]
    [InlineData(StatusCode.DeadlineExceeded, ActivityStatusCode.Error)]
    public void GrpcCall_RpcAttributesNameAndServerErrorStatus(StatusCode code, ActivityStatusCode status)
    {
        using var activity = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn");
        activity.SetTag(RpcSpanAttributes.GrpcMethodTag, "/rs.RSer/CallRsItems");
        activity.SetTag(RpcSpanAttributes.GrpcStatusCodeTag, ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture));

        RpcSpanAttributes.Enrich(activity, new DefaultHttpContext().Response);

        Assert.Equal("rs.RSer/CallRsItems", activity.DisplayName);
        Assert.Equal("grpc", activity.GetTagItem("rpc.system"));
        Assert.Equal("rs.RSer", activity.GetTagItem("rpc.service"));
        Assert.Equal("CallRsItems", activity.GetTagItem("rpc.method"));
        Assert.Equal((int)code, activity.GetTagItem("rpc.grpc.status_code"));
        Assert.Equal(status, activity.Status);
    }

    [Fact]
    public void NotGrpc_Untouched()
    {
        using var activity = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn") { DisplayName = "GET /metrics" };

        RpcSpanAttributes.Enrich(activity, new DefaultHttpContext().Response);

        Assert.Equal("GET /metrics", activity.DisplayName);
        Assert.Empty(activity.TagObjects);
    }
}
