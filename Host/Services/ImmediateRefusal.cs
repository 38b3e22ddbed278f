using Grpc.Core;
using RsPipeline.Pipeline;

namespace RsPipeline.Host.Services;

/// <summary>
/// Ends a call that the pipeline refused on the spot (its task already faulted with a
/// <see cref="RecallException"/>: overloaded, by count or by <c>Batching:MaxQueueTime</c>; an invalid
/// request; starting or shutting down) without throwing: the status goes on the call's context and
/// the handler returns an empty reply. grpc-dotnet then writes that reply and the status in the
/// trailers, and clients fail the call with the same status and message as for a thrown
/// <see cref="RpcException"/> (Grpc.Net.Client and gRPC core fail a unary call whose status is not
/// OK, message or not). Under overload most calls end here, so a refusal must cost little: this
/// spares the two exceptions (and stack traces) that awaiting the task and rethrowing as an
/// <see cref="RpcException"/> would take.
/// </summary>
internal static class ImmediateRefusal
{
    /// <summary>Whether <paramref name="pending"/> is such a refusal; if so, its status is now <paramref name="context"/>'s.</summary>
    public static bool TryEnd(Task<RecallResult> pending, ServerCallContext context)
    {
        if (!pending.IsFaulted || pending.Exception?.InnerException is not RecallException { Kind: not RecallErrorKind.Internal } refusal)
        {
            return false;
        }

        context.Status = FailureStatus.Of(refusal, callCancelled: false);
        return true;
    }
}
