using System.Diagnostics.CodeAnalysis;
using Grpc.Core;
using RsPipeline.Pipeline;

namespace RsPipeline.Host.Services;

/// <summary>
/// Ends a call that the pipeline refused on the spot (its task already faulted with a
/// <see cref="RecallException"/>: overloaded, by count or by <c>Batching:MaxQueueTime</c>; an invalid
/// request; starting or shutting down; a request beyond the host's limits, or a RecallMany page one
/// of whose users is refused so) without throwing: the status goes on the call's context and
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
        if (!IsRefusal(pending, out var refusal))
        {
            return false;
        }

        context.Status = FailureStatus.Of(refusal, callCancelled: false);
        return true;
    }

    /// <summary>Whether <paramref name="pending"/> is such a refusal, and which.</summary>
    public static bool IsRefusal(Task<RecallResult> pending, [NotNullWhen(true)] out RecallException? refusal)
    {
        refusal = pending.IsFaulted && pending.Exception?.InnerException is RecallException { Kind: not RecallErrorKind.Internal } refused ? refused : null;
        return refusal is not null;
    }

    /// <summary>Ends the call as INVALID_ARGUMENT with <paramref name="problem"/>: a request the host refuses before the pipeline sees it.</summary>
    public static void EndInvalid(ServerCallContext context, string problem) =>
        context.Status = new Status(FailureStatus.CodeOf(RecallErrorKind.InvalidArgument), problem);
}
