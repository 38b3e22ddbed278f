using System.Threading.Tasks.Dataflow;
using Microsoft.Extensions.Logging;
using RsPipeline.Pipeline.Reload;

namespace RsPipeline.Pipeline.Parsing;

/// <summary>
/// The first stage: turns each admitted request's features (text or floats) into a vector of the
/// serving dimension, in parallel, and hands the valid ones on in arrival order. An invalid request
/// fails here with INVALID_ARGUMENT naming the problem, and leaves; a request whose caller already
/// gave up leaves unparsed. Never throws: a failure fails only its request.
/// </summary>
internal sealed class ParseStage
{
    private static readonly RecallWorkItem[] None = [];

    private readonly ScorerSlot _scorers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TransformManyBlock<RecallWorkItem, RecallWorkItem> _block;

    /// <summary>Creates the stage, parsing against the request dimension of the scorer serving in <paramref name="scorers"/>.</summary>
    /// <param name="scorers">The scorer slot (its current scorer's input dimension is what a request must have).</param>
    /// <param name="parallelism">Requests parsed at once.</param>
    /// <param name="capacity">Requests the stage may hold (admission bounds it; this is headroom, never a refusal).</param>
    /// <param name="time">The clock for the parsed timestamp.</param>
    /// <param name="logger">Where unexpected failures are logged.</param>
    public ParseStage(ScorerSlot scorers, int parallelism, int capacity, TimeProvider time, ILogger logger)
    {
        _scorers = scorers;
        _time = time;
        _logger = logger;
        _block = new TransformManyBlock<RecallWorkItem, RecallWorkItem>(
            ParseOne,
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = parallelism, BoundedCapacity = capacity, EnsureOrdered = true });
    }

    /// <summary>Sends the parsed requests, in arrival order, to <paramref name="next"/>; ending intake ends it too.</summary>
    public void LinkTo(ITargetBlock<RecallWorkItem> next) =>
        _block.LinkTo(next, new DataflowLinkOptions { PropagateCompletion = true });

    /// <summary>Accepts one admitted request; false once intake has ended.</summary>
    public bool Post(RecallWorkItem item) => _block.Post(item);

    /// <summary>Ends intake: requests already inside are still parsed and handed on.</summary>
    public void Complete() => _block.Complete();

    private RecallWorkItem[] ParseOne(RecallWorkItem item)
    {
        try
        {
            if (item.IsCompleted)
            {
                item.Leave();
                return None;
            }

            var error = RequestParser.Parse(item, _scorers.Current.InputDimension);
            if (error is null)
            {
                item.ParsedTimestamp = _time.GetTimestamp();
                return [item];
            }

            item.Leave(new RecallException(RecallErrorKind.InvalidArgument, error));
        }
        catch (Exception ex)
        {
            PipelineLog.StageFailed(_logger, "parse", ex);
            item.Leave(new RecallException(RecallErrorKind.Internal, "internal error while parsing the request", ex));
        }

        return None;
    }
}
