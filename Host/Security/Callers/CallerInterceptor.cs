using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using RsPipeline.Host.Configuration;
using RsPipeline.Recall.V1;

namespace RsPipeline.Host.Security.Callers;

/// <summary>
/// On the public services, inside <see cref="Services.FailureInterceptor"/>: tells who the caller is
/// (<see cref="CallerResolver"/>) and holds the caller's permits (<see cref="CallerLimiter"/>) for
/// the call's duration. A refusal is a <see cref="CallerRefusedException"/>, which the failure
/// interceptor turns into its status.
/// </summary>
internal sealed class CallerInterceptor(CallerResolver callers, CallerLimiter limiter, IOptions<RecallServerOptions> server, ILogger<CallerInterceptor> logger) : Interceptor
{
    private readonly int _maxUsersPerCall = server.Value.MaxUsersPerCall;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        var caller = new Caller(string.Empty, CallerSource.PeerAddress);
        try
        {
            caller = callers.Resolve(context);
            using var lease = limiter.Acquire(caller.Name, RequestsIn(request));
            return await continuation(request, context);
        }
        catch (CallerRefusedException refused)
        {
            CallerLog.CallerRefused(logger, context.Method, caller.Name, refused.Refusal);
            throw;
        }
    }

    // A RecallMany page is as much work as its users; an empty page still costs a call. A page over
    // Server:MaxUsersPerCall is refused by the service (INVALID_ARGUMENT) once past the limiter.
    private int RequestsIn<TRequest>(TRequest request) => request is RecallManyRequest page ? Math.Clamp(page.Users.Count, 1, _maxUsersPerCall) : 1;
}
