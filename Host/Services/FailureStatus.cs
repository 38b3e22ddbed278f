using Grpc.Core;
using RsPipeline.Host.Security.Callers;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Reload;

namespace RsPipeline.Host.Services;

/// <summary>
/// The one place where a failure becomes a gRPC status: a request's (<see cref="RecallException"/>,
/// one code per <see cref="RecallErrorKind"/>), a reload's (<see cref="CatalogReloadException"/>),
/// a caller's (<see cref="CallerRefusedException"/>: not authenticated, or over its limits, with a
/// retry pushback), the cancellation of a call its caller cancelled, and anything else, which is INTERNAL with a
/// message that hides the details.
/// </summary>
internal static class FailureStatus
{
    /// <summary>What an INTERNAL status says; the details go to the log, never to the caller.</summary>
    public const string InternalMessage = "internal error; the server log has the details";

    /// <summary>The status code for a request's failure.</summary>
    public static StatusCode CodeOf(RecallErrorKind kind) => kind switch
    {
        RecallErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        RecallErrorKind.Overloaded => StatusCode.ResourceExhausted,
        RecallErrorKind.DeadlineExceeded => StatusCode.DeadlineExceeded,
        RecallErrorKind.Cancelled => StatusCode.Cancelled,
        RecallErrorKind.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Internal,
    };

    /// <summary>The status code for a reload's failure.</summary>
    public static StatusCode CodeOf(CatalogReloadFailure failure) => failure switch
    {
        CatalogReloadFailure.InvalidArgument => StatusCode.InvalidArgument,
        _ => StatusCode.FailedPrecondition,
    };

    /// <summary>The status code for a refusal of the caller.</summary>
    public static StatusCode CodeOf(CallerRefusal refusal) => refusal switch
    {
        CallerRefusal.Unauthenticated => StatusCode.Unauthenticated,
        _ => StatusCode.ResourceExhausted,
    };

    /// <summary>The trailers that go with <paramref name="exception"/>'s status: a retry pushback when the failure says when to retry.</summary>
    public static Metadata TrailersOf(Exception exception) =>
        exception is CallerRefusedException { RetryAfter: { } delay } ? RetryPushback.Trailers(delay) : Metadata.Empty;

    /// <summary>
    /// The status for <paramref name="exception"/>: its own message, except for internal faults. A
    /// cancellation is CANCELLED only when <paramref name="callCancelled"/> (the caller's doing); any
    /// other is a fault.
    /// </summary>
    public static Status Of(Exception exception, bool callCancelled)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            RecallException { Kind: not RecallErrorKind.Internal } recall => new Status(CodeOf(recall.Kind), recall.Message),
            CatalogReloadException reload => new Status(CodeOf(reload.Failure), reload.Message),
            CallerRefusedException caller => new Status(CodeOf(caller.Refusal), caller.Message),
            OperationCanceledException when callCancelled => new Status(StatusCode.Cancelled, "the call was cancelled"),
            _ => new Status(StatusCode.Internal, InternalMessage),
        };
    }
}
