using System.Runtime.CompilerServices;
using System.Text;
using Google.Protobuf;
using Grpc.Core;

namespace RsPipeline.Host.Services;

/// <summary>
/// Request messages that did not parse. gRPC parses a request before any interceptor runs and
/// answers a parser's exception as UNKNOWN "Exception was thrown by handler." with a stack trace in
/// the log; instead, <see cref="Guard"/>'s deserializer answers an empty message remembered here
/// with the problem, and <see cref="FailureInterceptor"/> refuses it as INVALID_ARGUMENT naming the
/// problem (logged once per Server:FailureLogInterval, not once per call).
/// </summary>
internal static class MalformedRequests
{
    // Keyed by the placeholder instance, so that nothing outlives its call.
    private static readonly ConditionalWeakTable<object, string> Problems = new();

    /// <summary><paramref name="method"/> with a request deserializer that turns a parse failure into a remembered placeholder.</summary>
    public static Method<TRequest, TResponse> Guard<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(method);
        var inner = method.RequestMarshaller;
        var messageName = $"{method.ServiceName}/{method.Name}";
        var marshaller = Marshallers.Create(inner.ContextualSerializer, context =>
        {
            try
            {
                return inner.ContextualDeserializer(context);
            }
            catch (InvalidProtocolBufferException ex)
            {
                return Remember<TRequest>($"the request of {messageName} is not a valid protobuf message: {ex.Message}");
            }
            catch (DecoderFallbackException)
            {
                return Remember<TRequest>($"the request of {messageName} has a string field that is not valid UTF-8");
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
    }

    /// <summary>Whether <paramref name="request"/> is a placeholder for a message that did not parse, and why.</summary>
    public static bool TryGetProblem(object request, out string problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Problems.TryGetValue(request, out var found))
        {
            problem = found;
            return true;
        }

        problem = string.Empty;
        return false;
    }

    private static TRequest Remember<TRequest>(string problem)
        where TRequest : class
    {
        var placeholder = Activator.CreateInstance<TRequest>();
        Problems.AddOrUpdate(placeholder, problem);
        return placeholder;
    }
}
