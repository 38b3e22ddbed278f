using Grpc.Core;
using RsPipeline.Host.Services;
using RsPipeline.Pipeline;

namespace RsPipeline.Host.Tests;

public sealed class RecallStatusTests
{
    [Theory]
    [InlineData(RecallErrorKind.InvalidArgument, StatusCode.InvalidArgument)]
    [InlineData(RecallErrorKind.Overloaded, StatusCode.ResourceExhausted)]
    [InlineData(RecallErrorKind.DeadlineExceeded, StatusCode.DeadlineExceeded)]
    [InlineData(RecallErrorKind.Cancelled, StatusCode.Cancelled)]
    [InlineData(RecallErrorKind.Unavailable, StatusCode.Unavailable)]
    [InlineData(RecallErrorKind.Internal, StatusCode.Internal)]
    public void ToStatus_EachKind_MapsToItsCodeWithMessage(RecallErrorKind kind, StatusCode expected)
    {
        var status = RecallStatus.ToStatus(new RecallException(kind, "the problem"));

        Assert.Equal(expected, status.StatusCode);
        if (kind != RecallErrorKind.Internal)
        {
            Assert.Equal("the problem", status.Detail);
        }
    }

    [Fact]
    public void ToStatus_Internal_HidesTheExceptionMessage()
    {
        var status = RecallStatus.ToStatus(new RecallException(RecallErrorKind.Internal, "NullReferenceException at Scorer.cs:42", new InvalidOperationException("secret")));

        Assert.Equal(RecallStatus.InternalMessage, status.Detail);
    }

    [Fact]
    public void ToStatusCode_EveryKind_IsMapped()
    {
        foreach (var kind in Enum.GetValues<RecallErrorKind>())
        {
            Assert.True(kind == RecallErrorKind.Internal || RecallStatus.ToStatusCode(kind) != StatusCode.Internal, $"{kind} is not mapped");
        }
    }
}
