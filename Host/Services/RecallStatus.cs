using Grpc.Core;
using RsPipeline.Pipeline;

namespace RsPipeline.Host.Services;

/// <summary>How a pipeline failure reads on the wire: one status code per <see cref="RecallErrorKind"/>.</summary>
internal static class RecallStatus
{
    /// <summary>What an INTERNAL status says; the details go to the log, never to the caller.</summary>
    public const string InternalMessage = "internal error; the server log has the details";

    public static StatusCode ToStatusCode(RecallErrorKind kind) => kind switch
    {
        RecallErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        RecallErrorKind.Overloaded => StatusCode.ResourceExhausted,
        RecallErrorKind.DeadlineExceeded => StatusCode.DeadlineExceeded,
        RecallErrorKind.Cancelled => StatusCode.Cancelled,
        RecallErrorKind.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Internal,
    };

    /// <summary>The status for <paramref name="exception"/>: its own message, except for internal faults.</summary>
    public static Status ToStatus(RecallException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var code = ToStatusCode(exception.Kind);
        return new Status(code, code == StatusCode.Internal ? InternalMessage : exception.Message);
    }
}
