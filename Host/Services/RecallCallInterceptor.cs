using Grpc.Core;
using Grpc.Core.Interceptors;
using RsPipeline.Pipeline;

namespace RsPipeline.Host.Services;

/// <summary>
/// Wraps every recall call: refuses new calls once shutdown has begun (UNAVAILABLE) and turns
/// pipeline failures into gRPC statuses. Unexpected exceptions become INTERNAL with a short
/// message; their details are logged, never sent.
/// </summary>
internal sealed class RecallCallInterceptor(IHostApplicationLifetime lifetime, ILogger<RecallCallInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            RecallCallLog.RefusedWhileStopping(logger, context.Method);
            throw new RpcException(new Status(StatusCode.Unavailable, "the server is shutting down"));
        }

        try
        {
            return await continuation(request, context);
        }
        catch (RecallException ex)
        {
            if (ex.Kind == RecallErrorKind.Internal)
            {
                RecallCallLog.InternalFault(logger, context.Method, ex);
            }
            else
            {
                RecallCallLog.RecallFailed(logger, context.Method, ex.Kind, ex.Message);
            }

            throw new RpcException(RecallStatus.ToStatus(ex));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            RecallCallLog.InternalFault(logger, context.Method, ex);
            throw new RpcException(new Status(StatusCode.Internal, RecallStatus.InternalMessage));
        }
    }
}
