using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Options;
using RsPipeline.Host.Configuration;
using RsPipeline.Pipeline;
using RsPipeline.Protos.Rs;
using V1 = RsPipeline.Recall.V1;

namespace RsPipeline.Host.Services;

/// <summary>
/// Turns wire requests into pipeline requests and carries the call's deadline, cancellation and
/// trace context. The request limits are the pipeline's ("Recall" section); they are checked here
/// too for a RecallMany page, so that a bad user fails the page before anything is submitted.
/// Parsing and vector validation are the pipeline's.
/// </summary>
internal sealed class RecallRequestFactory(IOptions<RecallServerOptions> options, IOptions<RecallOptions> recall)
{
    private readonly RecallServerOptions _options = options.Value;
    private readonly RecallOptions _recall = recall.Value;

    public static RecallRequest FromSeed(userRequest request, ServerCallContext context) => new()
    {
        FeatureText = request.Vector,
        TopK = null,
        Deadline = DeadlineOf(context),
        CancellationToken = context.CancellationToken,
        ParentContext = Activity.Current?.Context ?? default,
    };

    /// <summary>The pipeline request for one typed request, already checked with <c>LimitProblem</c>.</summary>
    public static RecallRequest FromTyped(V1.RecallRequest request, ServerCallContext context, CancellationToken cancellationToken, Func<RecallException?>? cancellationCause = null)
    {
        var vector = new float[request.Vector.Count];
        request.Vector.CopyTo(vector, 0);
        return new RecallRequest
        {
            Features = vector,
            TopK = request.TopK == 0 ? null : (int)Math.Min(request.TopK, int.MaxValue),
            ExcludedItemIds = request.ExcludeItemIds,
            IncludeScores = request.IncludeScores,
            Deadline = DeadlineOf(context),
            CancellationToken = cancellationToken,
            CancellationCause = cancellationCause,
            ParentContext = Activity.Current?.Context ?? default,
        };
    }

    /// <summary>
    /// What is wrong when the request exceeds a server limit (<paramref name="where"/> prefixes the
    /// message), else null. Returned, not thrown: the caller refuses without an exception (<see cref="ImmediateRefusal"/>).
    /// </summary>
    public string? LimitProblem(V1.RecallRequest request, string where = "")
    {
        if (request.TopK > _recall.MaxTopK)
        {
            return where + RecallLimits.TopKTooLarge(request.TopK, _recall.MaxTopK);
        }

        return request.ExcludeItemIds.Count > _recall.MaxExcludedItems
            ? where + RecallLimits.TooManyExclusions(request.ExcludeItemIds.Count, _recall.MaxExcludedItems)
            : null;
    }

    /// <summary>What is wrong with a whole RecallMany page, checked before anything is submitted; null when nothing is.</summary>
    public string? LimitProblem(V1.RecallManyRequest request)
    {
        if (request.Users.Count > _options.MaxUsersPerCall)
        {
            return $"users holds {request.Users.Count} users, the maximum per call is {_options.MaxUsersPerCall} (Server:MaxUsersPerCall)";
        }

        for (var i = 0; i < request.Users.Count; i++)
        {
            if (LimitProblem(request.Users[i], UserPrefix(i)) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>How a message about user <paramref name="index"/> of a page begins.</summary>
    public static string UserPrefix(int index) => $"users[{index}]: ";

    private static DateTime? DeadlineOf(ServerCallContext context) =>
        context.Deadline == DateTime.MaxValue ? null : context.Deadline;
}
