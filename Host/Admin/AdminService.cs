using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Options;
using RsPipeline.Admin.V1;
using RsPipeline.Catalog;
using RsPipeline.Host.Services;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Reload;

namespace RsPipeline.Host.Admin;

/// <summary>The admin API (rspipeline.admin.v1.Admin): catalogue reload, on the admin endpoint only, behind the token when one is set.</summary>
[BindServiceMethod(typeof(GuardedBinding), nameof(GuardedBinding.BindAdmin))]
internal sealed class AdminService(ICatalogReloader reloader, ReloadPaths paths, IOptions<AdminOptions> options) : RsPipeline.Admin.V1.Admin.AdminBase
{
    // RFC 9110 §11.1: the authentication scheme is case-insensitive.
    private const string BearerPrefix = "Bearer ";

    public override async Task<ReloadReply> Reload(ReloadRequest request, ServerCallContext context)
    {
        Authorize(context);
        var result = await reloader.ReloadAsync(ToChanges(request), context.CancellationToken);
        return new ReloadReply
        {
            CatalogVersion = result.CatalogVersion,
            PreviousVersion = result.PreviousVersion,
            ItemCount = result.ItemCount,
            Dimension = result.Dimension,
            InputDimension = result.InputDimension,
            ElapsedMs = result.Elapsed.TotalMilliseconds,
        };
    }

    private void Authorize(ServerCallContext context)
    {
        if (!AdminEndpoint.IsAdminConnection(context.GetHttpContext()))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "the admin service answers only on the admin endpoint (Admin:BindAddress, Admin:Port)"));
        }

        if (options.Value.Token is not { } token)
        {
            return;
        }

        var header = context.RequestHeaders.GetValue("authorization") ?? string.Empty;
        var given = header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? header[BearerPrefix.Length..] : string.Empty;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token)))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "the admin service needs the metadata 'authorization: Bearer <Admin:Token>'"));
        }
    }

    private ScorerOverrides ToChanges(ReloadRequest request)
    {
        var version = Given(request.HasVersion, request.Version);
        if (version is { Length: > AdminOptions.MaxVersionLength })
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"version is {version.Length} characters long; at most {AdminOptions.MaxVersionLength} are allowed"));
        }

        CatalogFormat? format = null;
        if (request.HasFormat && !string.IsNullOrWhiteSpace(request.Format))
        {
            format = Enum.TryParse<CatalogFormat>(request.Format, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new CatalogReloadException(CatalogReloadFailure.InvalidArgument, $"format '{request.Format}' is unknown: expected one of {string.Join(", ", Enum.GetNames<CatalogFormat>())}");
        }

        return new ScorerOverrides
        {
            EmbeddingsPath = paths.Confine(Given(request.HasEmbeddingsPath, request.EmbeddingsPath), "embeddings_path"),
            ItemIdsPath = paths.Confine(Given(request.HasItemIdsPath, request.ItemIdsPath), "item_ids_path"),
            Format = format,
            TensorName = Given(request.HasTensorName, request.TensorName),
            Version = version,
            UserTowerPath = paths.Confine(Given(request.HasUserTowerPath, request.UserTowerPath), "user_tower_path"),
        };
    }

    private static string? Given(bool has, string value) => has && !string.IsNullOrWhiteSpace(value) ? value : null;
}
