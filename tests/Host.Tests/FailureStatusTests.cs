using Grpc.Core;
using RsPipeline.Host.Services;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Reload;

namespace RsPipeline.Host.Tests;

public sealed class FailureStatusTests
{
    [Theory]
    [InlineData(RecallErrorKind.InvalidArgument, StatusCode.InvalidArgument)]
    [InlineData(RecallErrorKind.Overloaded, StatusCode.ResourceExhausted)]
    [InlineData(RecallErrorKind.DeadlineExceeded, StatusCode.DeadlineExceeded)]
    [InlineData(RecallErrorKind.Cancelled, StatusCode.Cancelled)]
    [InlineData(RecallErrorKind.Unavailable, StatusCode.Unavailable)]
    public void RecallFailure_EachKind_MapsToItsCodeWithItsMessage(RecallErrorKind kind, StatusCode expected)
    {
        var status = FailureStatus.Of(new RecallException(kind, "the problem"), callCancelled: false);

        Assert.Equal(expected, status.StatusCode);
        Assert.Equal("the problem", status.Detail);
    }

    [Fact]
    public void InternalRecallFailure_HidesTheExceptionMessage()
    {
        var status = FailureStatus.Of(new RecallException(RecallErrorKind.Internal, "NullReferenceException at Scorer.cs:42", new InvalidOperationException("secret")), callCancelled: false);

        Assert.Equal(new Status(StatusCode.Internal, FailureStatus.InternalMessage), status);
    }

    [Fact]
    public void EveryKind_IsMapped()
    {
        foreach (var kind in Enum.GetValues<RecallErrorKind>())
        {
            Assert.True(kind == RecallErrorKind.Internal || FailureStatus.CodeOf(kind) != StatusCode.Internal, $"{kind} is not mapped");
        }
    }

    [Theory]
    [InlineData(CatalogReloadFailure.InvalidArgument, StatusCode.InvalidArgument)]
    [InlineData(CatalogReloadFailure.FailedPrecondition, StatusCode.FailedPrecondition)]
    public void ReloadFailure_MapsToItsCodeWithItsMessage(CatalogReloadFailure failure, StatusCode expected)
    {
        var status = FailureStatus.Of(new CatalogReloadException(failure, "reload refused, still serving v1: the problem"), callCancelled: false);

        Assert.Equal(new Status(expected, "reload refused, still serving v1: the problem"), status);
    }

    [Fact]
    public void Cancellation_IsCancelledOnlyWhenTheCallerCancelled()
    {
        var callerCancelled = FailureStatus.Of(new OperationCanceledException(), callCancelled: true);
        var fault = FailureStatus.Of(new OperationCanceledException("a timeout inside"), callCancelled: false);

        Assert.Equal(new Status(StatusCode.Cancelled, "the call was cancelled"), callerCancelled);
        Assert.Equal(new Status(StatusCode.Internal, FailureStatus.InternalMessage), fault);
    }

    [Fact]
    public void AnythingElse_IsInternal_WithoutItsMessage()
    {
        var status = FailureStatus.Of(new InvalidDataException("secret"), callCancelled: false);

        Assert.Equal(new Status(StatusCode.Internal, FailureStatus.InternalMessage), status);
    }
}
