using System.Diagnostics;
using System.Globalization;
using Grpc.Core;

namespace RsPipeline.Host.Telemetry;

/// <summary>
/// Gives the ASP.NET Core server span of a gRPC call OpenTelemetry's RPC semantic-convention
/// attributes (rpc.system, rpc.service, rpc.method, rpc.grpc.status_code), its span name
/// (<c>package.Service/Method</c>) and, for the codes the conventions count as server errors,
/// status Error. grpc-dotnet tags the span with the method and status it knows; ASP.NET Core's
/// instrumentation (1.20) maps them only behind an experimental flag, and then to draft names
/// (rpc.system.name, rpc.response.status_code) that backends do not read yet.
/// </summary>
internal static class RpcSpanAttributes
{
    /// <summary>grpc-dotnet's tag: the full method, "/package.Service/Method".</summary>
    internal const string GrpcMethodTag = "grpc.method";

    /// <summary>grpc-dotnet's tag: the call's status code, as a decimal string.</summary>
    internal const string GrpcStatusCodeTag = "grpc.status_code";

    internal const string System = "rpc.system";
    internal const string Service = "rpc.service";
    internal const string Method = "rpc.method";
    internal const string StatusCode = "rpc.grpc.status_code";

    // Server-side error codes per the gRPC semantic conventions; the others are the caller's doing.
    private static readonly HashSet<StatusCode> ServerErrors =
    [
        Grpc.Core.StatusCode.Unknown, Grpc.Core.StatusCode.DeadlineExceeded, Grpc.Core.StatusCode.Unimplemented,
        Grpc.Core.StatusCode.Internal, Grpc.Core.StatusCode.Unavailable, Grpc.Core.StatusCode.DataLoss,
    ];

    /// <summary>The AspNetCoreTraceInstrumentationOptions.EnrichWithHttpResponse callback (runs as the span ends).</summary>
    public static void Enrich(Activity activity, HttpResponse response)
    {
        if (activity.GetTagItem(GrpcMethodTag) is not string fullMethod)
        {
            return;
        }

        var slash = fullMethod.LastIndexOf('/');
        if (slash <= 0)
        {
            return;
        }

        var service = fullMethod[1..slash];
        var method = fullMethod[(slash + 1)..];
        activity.DisplayName = $"{service}/{method}";
        activity.SetTag(System, "grpc");
        activity.SetTag(Service, service);
        activity.SetTag(Method, method);
        if (activity.GetTagItem(GrpcStatusCodeTag) is string text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            activity.SetTag(StatusCode, code);
            if (ServerErrors.Contains((StatusCode)code))
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }
}
