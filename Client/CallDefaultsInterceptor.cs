using Grpc.Core;
using Grpc.Core.Interceptors;

namespace RsPipeline.Client;

/// <summary>
/// Gives every call the default deadline when it sets none, and the bearer token when one is
/// configured: whichever generated client or method makes the call.
/// </summary>
internal sealed class CallDefaultsInterceptor(TimeSpan defaultDeadline, string? bearerToken, TimeProvider time) : Interceptor
{
    private readonly string? _authorization = bearerToken is null ? null : $"Bearer {bearerToken}";

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(request, WithDefaults(context));
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        // Streams (health watches) run as long as their caller wants: no default deadline.
        return continuation(request, WithDefaults(context, deadline: false));
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(request, WithDefaults(context));
    }

    private ClientInterceptorContext<TRequest, TResponse> WithDefaults<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, bool deadline = true)
        where TRequest : class
        where TResponse : class
    {
        var options = context.Options;
        if (deadline && options.Deadline is null)
        {
            options = options.WithDeadline(time.GetUtcNow().UtcDateTime + defaultDeadline);
        }

        if (_authorization is not null && options.Headers?.Get("authorization") is null)
        {
            var headers = new Metadata();
            foreach (var entry in options.Headers ?? [])
            {
                headers.Add(entry);
            }

            headers.Add("authorization", _authorization);
            options = options.WithHeaders(headers);
        }

        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options);
    }
}
