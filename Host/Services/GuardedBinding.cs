using Grpc.Core;
using RsPipeline.Protos.Rs;

namespace RsPipeline.Host.Services;

/// <summary>
/// Binds the server's services as their generated BindService does, with every method's request
/// deserializer guarded (<see cref="MalformedRequests"/>). Named by <see cref="BindServiceMethodAttribute"/>
/// on each service, which grpc-dotnet prefers over the generated base's.
/// </summary>
public static class GuardedBinding
{
    /// <summary>Binds rs.RSer.</summary>
    public static void BindRs(ServiceBinderBase binder, RSer.RSerBase service) => RSer.BindService(new Binder(binder), service);

    /// <summary>Binds rspipeline.recall.v1.Recall.</summary>
    public static void BindRecall(ServiceBinderBase binder, RsPipeline.Recall.V1.Recall.RecallBase service) => RsPipeline.Recall.V1.Recall.BindService(new Binder(binder), service);

    /// <summary>Binds rspipeline.admin.v1.Admin.</summary>
    public static void BindAdmin(ServiceBinderBase binder, RsPipeline.Admin.V1.Admin.AdminBase service) => RsPipeline.Admin.V1.Admin.BindService(new Binder(binder), service);

    private sealed class Binder(ServiceBinderBase inner) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(MalformedRequests.Guard(method), handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(MalformedRequests.Guard(method), handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(method, handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(method, handler);
    }
}
