using System.Runtime.CompilerServices;
using Grpc.Core;
using RsPipeline.Pipeline;
using RsPipeline.Recall.V1;
using RecallRequest = RsPipeline.Recall.V1.RecallRequest;

namespace RsPipeline.Host.Services;

/// <summary>The typed API (rspipeline.recall.v1.Recall).</summary>
[BindServiceMethod(typeof(GuardedBinding), nameof(GuardedBinding.BindRecall))]
internal sealed class RecallService(IRecallPipeline pipeline, RecallRequestFactory requests) : RsPipeline.Recall.V1.Recall.RecallBase
{
    public override async Task<RecallReply> Recall(RecallRequest request, ServerCallContext context)
    {
        if (requests.LimitProblem(request) is { } problem)
        {
            ImmediateRefusal.EndInvalid(context, problem);
            return new RecallReply();
        }

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
    /// A user refused on the spot (overloaded, say) ends the page at once, without an exception:
    /// under overload most pages end so, and the users not yet submitted never are.
    /// </remarks>
    public override async Task<RecallManyReply> RecallMany(RecallManyRequest request, ServerCallContext context)
    {
        if (requests.LimitProblem(request) is { } problem)
        {
            ImmediateRefusal.EndInvalid(context, problem);
            return new RecallManyReply();
        }

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
            var submitted = pipeline.SubmitAsync(RecallRequestFactory.FromTyped(request.Users[i], context, page.Token, PageFailed));
            if (ImmediateRefusal.IsRefusal(submitted, out var refusal))
            {
                await RefusePageAsync(i, refusal, pending.AsMemory(0, i), page, firstFailure);
                return EndRefused(context, firstFailure.Value!);
            }

            pending[i] = ObserveUserAsync(i, submitted, page, firstFailure);
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

    // User index was refused on the spot: the users before it, already admitted, are cancelled and
    // awaited without rethrowing their failures.
    private static async Task RefusePageAsync(int index, RecallException refusal, ReadOnlyMemory<Task<RecallResult>> admitted, CancellationTokenSource page, StrongBox<RecallException?> firstFailure)
    {
        if (Interlocked.CompareExchange(ref firstFailure.Value, Named(index, refusal), null) is null && !admitted.IsEmpty)
        {
            await page.CancelAsync();
        }

        if (!admitted.IsEmpty)
        {
            await ((Task)Task.WhenAll(admitted.ToArray())).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    // An internal fault of a user admitted before the refusal keeps its exception, so that it is logged as one.
    private static RecallManyReply EndRefused(ServerCallContext context, RecallException failure)
    {
        if (failure.Kind == RecallErrorKind.Internal)
        {
            throw failure;
        }

        context.Status = FailureStatus.Of(failure, callCancelled: false);
        return new RecallManyReply();
    }

    private static RecallException Named(int index, RecallException failure) =>
        new(failure.Kind, RecallRequestFactory.UserPrefix(index) + failure.Message, failure) { IsLogged = failure.IsLogged };

    private static async Task<RecallResult> ObserveUserAsync(int index, Task<RecallResult> submitted, CancellationTokenSource page, StrongBox<RecallException?> firstFailure)
    {
        try
        {
            return await submitted;
        }
        catch (RecallException ex)
        {
            if (Interlocked.CompareExchange(ref firstFailure.Value, Named(index, ex), null) is null)
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
