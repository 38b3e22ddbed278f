using System.Runtime.CompilerServices;
using Grpc.Core;
using RsPipeline.Pipeline;
using RsPipeline.Recall.V1;
using PipelineRequest = RsPipeline.Pipeline.RecallRequest;
using RecallRequest = RsPipeline.Recall.V1.RecallRequest;

namespace RsPipeline.Host.Services;

/// <summary>The typed API (rspipeline.recall.v1.Recall).</summary>
[BindServiceMethod(typeof(GuardedBinding), nameof(GuardedBinding.BindRecall))]
internal sealed class RecallService(IRecallPipeline pipeline, RecallRequestFactory requests) : RsPipeline.Recall.V1.Recall.RecallBase
{
    public override async Task<RecallReply> Recall(RecallRequest request, ServerCallContext context)
    {
        requests.CheckLimits(request);
        var pending = pipeline.SubmitAsync(RecallRequestFactory.FromTyped(request, context, context.CancellationToken));
        if (ImmediateRefusal.TryEnd(pending, context))
        {
            return new RecallReply();
        }

        return ToReply(await pending);
    }

    /// <remarks>
    /// All or nothing: every user is submitted at once (so they can share batches); the first
    /// user to fail decides the call's status, prefixed with its index, and the others are cancelled.
    /// </remarks>
    public override async Task<RecallManyReply> RecallMany(RecallManyRequest request, ServerCallContext context)
    {
        requests.CheckLimits(request);
        using var page = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var firstFailure = new StrongBox<RecallException?>();

        // The page is cancelled for the others when one user fails: they end (and are counted) with
        // that failure's kind, the status their caller gets, not as cancelled by the caller.
        RecallException? PageFailed() => Volatile.Read(ref firstFailure.Value) is { } failure
            ? new RecallException(failure.Kind, $"not answered: {failure.Message}")
            : null;
        var pending = new Task<RecallResult>[request.Users.Count];
        for (var i = 0; i < pending.Length; i++)
        {
            pending[i] = SubmitUserAsync(i, RecallRequestFactory.FromTyped(request.Users[i], context, page.Token, PageFailed), page, firstFailure);
        }

        try
        {
            await Task.WhenAll(pending);
        }
        catch (RecallException) when (firstFailure.Value is { } failure)
        {
            throw failure;
        }

        var reply = new RecallManyReply();
        foreach (var task in pending)
        {
            reply.Replies.Add(ToReply(task.Result));
        }

        return reply;
    }

    private async Task<RecallResult> SubmitUserAsync(int index, PipelineRequest request, CancellationTokenSource page, StrongBox<RecallException?> firstFailure)
    {
        try
        {
            return await pipeline.SubmitAsync(request);
        }
        catch (RecallException ex)
        {
            var named = new RecallException(ex.Kind, RecallRequestFactory.UserPrefix(index) + ex.Message, ex) { IsLogged = ex.IsLogged };
            if (Interlocked.CompareExchange(ref firstFailure.Value, named, null) is null)
            {
                // The page fails as a whole: spare the pipeline the users still queued.
                await page.CancelAsync();
            }

            throw;
        }
    }

    private static RecallReply ToReply(RecallResult result)
    {
        var reply = new RecallReply { CatalogVersion = result.CatalogVersion };
        reply.ItemIds.Add(result.ItemIds);
        if (result.Scores is not null)
        {
            reply.Scores.Add(result.Scores);
        }

        return reply;
    }
}
