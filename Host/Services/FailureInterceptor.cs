using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using RsPipeline.Host.Configuration;
using RsPipeline.Host.Lifecycle;
using RsPipeline.Pipeline;

namespace RsPipeline.Host.Services;

/// <summary>
/// Wraps every call of the recall and admin services: lets it in through the <see cref="CallIntake"/>
/// or, once the shutdown sequence has closed that (after its drain delay), refuses it as
/// UNAVAILABLE; and turns whatever a handler throws into its gRPC status (<see cref="FailureStatus"/>).
/// Statuses a handler chose itself (an <see cref="RpcException"/>, or a status set on the context with
/// an empty reply, <see cref="ImmediateRefusal"/>) pass unchanged. Internal faults
/// are logged with their details (once: those the pipeline already logged, a failed batch, only at
/// Debug per call); the caller gets a short message. A request that did not parse
/// (<see cref="MalformedRequests"/>) is refused as INVALID_ARGUMENT, logged once per Server:FailureLogInterval.
/// </summary>
internal sealed class FailureInterceptor(CallIntake intake, IOptions<RecallServerOptions> options, TimeProvider time, ILogger<FailureInterceptor> logger) : Interceptor
{
    private readonly LogThrottle _malformedLog = new(time, options.Value.FailureLogInterval);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        if (!intake.TryEnter())
        {
            CallLog.RefusedWhileStopping(logger, context.Method);
            throw new RpcException(new Status(StatusCode.Unavailable, "the server is shutting down"));
        }

        try
        {
            if (MalformedRequests.TryGetProblem(request, out var problem))
            {
                RefuseMalformed(context.Method, problem);
            }

            var response = await continuation(request, context);
            if (context.Status.StatusCode != StatusCode.OK)
            {
                // A handler that ended its call with a status instead of an exception (ImmediateRefusal).
                CallLog.CallFailed(logger, context.Method, context.Status.StatusCode, context.Status.Detail);
            }

            return response;
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            var status = FailureStatus.Of(ex, context.CancellationToken.IsCancellationRequested);
            if (status.StatusCode == StatusCode.Internal && ex is RecallException { IsLogged: true })
            {
                // Logged once where it happened (a failed batch, with its id), not again per caller.
                CallLog.CallFailed(logger, context.Method, status.StatusCode, ex.Message);
            }
            else if (status.StatusCode == StatusCode.Internal)
            {
                CallLog.InternalFault(logger, context.Method, ex);
            }
            else
            {
                CallLog.CallFailed(logger, context.Method, status.StatusCode, status.Detail);
            }

            throw new RpcException(status, FailureStatus.TrailersOf(ex));
        }
        finally
        {
            intake.Exit();
        }
    }

    private void RefuseMalformed(string method, string problem)
    {
        if (_malformedLog.TryEnter(out var heldBack))
        {
            CallLog.MalformedRequest(logger, method, problem, heldBack);
        }

        throw new RpcException(new Status(StatusCode.InvalidArgument, problem));
    }
}
