using System.Threading.Tasks.Dataflow;
using Microsoft.Extensions.Logging;
using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Responding;

/// <summary>
/// The last stage: for each scored request, in parallel, drops the excluded ids, keeps the best k,
/// maps rows to item ids, takes the request out of the graph and answers the caller, then reports
/// the request's time outside the batch queue and inference to the <see cref="RequestOverheadModel"/>.
/// Never throws: a failure fails only its request.
/// </summary>
internal sealed class RespondStage
{
    private readonly ILogger _logger;
    private readonly RequestOverheadModel _overhead;
    private readonly TimeProvider _time;
    private readonly ActionBlock<RecallWorkItem> _block;

    /// <summary>Creates the stage.</summary>
    /// <param name="parallelism">Requests answered at once.</param>
    /// <param name="capacity">Requests the stage may hold (admission bounds it; this is headroom, never a refusal).</param>
    /// <param name="overhead">Learns each answered request's time from admission to parsed plus from the end of its inference to its answer.</param>
    /// <param name="time">The pipeline's clock.</param>
    /// <param name="logger">Where unexpected failures are logged.</param>
    public RespondStage(int parallelism, int capacity, RequestOverheadModel overhead, TimeProvider time, ILogger logger)
    {
        _logger = logger;
        _overhead = overhead;
        _time = time;
        _block = new ActionBlock<RecallWorkItem>(
            RespondOne,
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = parallelism, BoundedCapacity = capacity });
    }

    /// <summary>Completes when intake has ended and every request handed in was answered.</summary>
    public Task Completion => _block.Completion;

    /// <summary>Hands in one scored request; false once the stage has completed.</summary>
    public bool Post(RecallWorkItem item) => _block.Post(item);

    /// <summary>No more requests will come; <see cref="Completion"/> follows once those inside are answered.</summary>
    public void Complete() => _block.Complete();

    private void RespondOne(RecallWorkItem item)
    {
        try
        {
            var result = ResponseBuilder.Build(item);

            // Out of the graph before the caller sees the answer, so a drained pipeline holds nothing.
            item.Leave();
            ObserveOverhead(item);
            item.Succeed(result);
        }
        catch (Exception ex)
        {
            PipelineLog.StageFailed(_logger, "respond", ex);
            item.Leave(new RecallException(RecallErrorKind.Internal, "internal error while building the reply", ex));
        }
    }

    // At the answer: from admission to parsed, plus from the end of the batch's inference to now,
    // plus how much longer than predicted its batch's inference took (when the policy predicted it).
    private void ObserveOverhead(RecallWorkItem item)
    {
        if (item.Inference is { EndedTimestamp: not 0 } inference)
        {
            var parse = _time.GetElapsedTime(item.AdmittedTimestamp, item.ParsedTimestamp);
            var respond = _time.GetElapsedTime(inference.EndedTimestamp);
            var late = inference.Predicted is { } predicted ? _time.GetElapsedTime(inference.StartedTimestamp, inference.EndedTimestamp) - predicted : TimeSpan.Zero;
            _overhead.Observe(parse + respond + (late > TimeSpan.Zero ? late : TimeSpan.Zero));
        }
    }
}
