using Grpc.Core;
using Grpc.Core.Interceptors;

namespace RsPipeline.Host.Services;

/// <summary>
/// Wraps every call of the recall and admin services: refuses new calls once shutdown has begun
/// (UNAVAILABLE), and turns whatever a handler throws into its gRPC status (<see cref="FailureStatus"/>).
/// Statuses a handler chose itself (an <see cref="RpcException"/>) pass unchanged. Internal faults
/// are logged with their details; the caller gets a short message.
/// </summary>
internal sealed class FailureInterceptor(IHostApplicationLifetime lifetime, ILogger<FailureInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            CallLog.RefusedWhileStopping(logger, context.Method);
            throw new RpcException(new Status(StatusCode.Unavailable, "the server is shutting down"));
        }

        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            var status = FailureStatus.Of(ex, context.CancellationToken.IsCancellationRequested);
            if (status.StatusCode == StatusCode.Internal)
            {
                CallLog.InternalFault(logger, context.Method, ex);
            }
            else
            {
                CallLog.CallFailed(logger, context.Method, status.StatusCode, status.Detail);
            }

            throw new RpcException(status);
        }
    }
}
