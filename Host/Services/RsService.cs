using Grpc.Core;
using RsPipeline.Pipeline;
using RsPipeline.Protos.Rs;

namespace RsPipeline.Host.Services;

/// <summary>The seed's contract: comma-separated feature text in, comma-separated item ids out.</summary>
[BindServiceMethod(typeof(GuardedBinding), nameof(GuardedBinding.BindRs))]
internal sealed class RsService(IRecallPipeline pipeline) : RSer.RSerBase
{
    public override async Task<itemsString> CallRsItems(userRequest request, ServerCallContext context)
    {
        var pending = pipeline.SubmitAsync(RecallRequestFactory.FromSeed(request, context));
        if (ImmediateRefusal.TryEnd(pending, context))
        {
            return new itemsString();
        }

        var result = await pending;
        return new itemsString { Items = string.Join(',', result.ItemIds) };
    }
}
