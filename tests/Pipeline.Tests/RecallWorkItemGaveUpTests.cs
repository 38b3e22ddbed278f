using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Telemetry;

namespace RsPipeline.Pipeline.Tests;

/// <summary>
/// Why a caller stopped waiting: its own cause, its deadline (reached, or within the lead its
/// client's earlier copy of the deadline takes: a tenth of the budget, at most 100 ms), or a cancel.
/// </summary>
public sealed class RecallWorkItemGaveUpTests : IDisposable
{
    private static readonly DateTime Admitted = DateTime.UnixEpoch.AddHours(1);

    private readonly RsPipelineTelemetry _telemetry = new();
    private readonly Admission _admission;

    public RecallWorkItemGaveUpTests() =>
        _admission = new Admission(10, new RecallInstrumentation(_telemetry, new FakeTimeProvider()), NullLogger.Instance);

    public void Dispose() => _telemetry.Dispose();

    [Theory]
    [InlineData(500, 50)]
    [InlineData(1000, 100)]
    [InlineData(10_000, 100)]
    [InlineData(30, 3)]
    [InlineData(0, 0)]
    [InlineData(-20, 0)]
    public void DeadlineLead_IsATenthOfTheBudget_AtMost100Milliseconds(int budgetMilliseconds, int leadMilliseconds)
    {
        var lead = RecallWorkItem.DeadlineLeadFor(Admitted.AddMilliseconds(budgetMilliseconds), Admitted);

        Assert.Equal(TimeSpan.FromMilliseconds(leadMilliseconds), lead);
    }

    [Fact]
    public void DeadlineLead_WithoutADeadline_IsZero() =>
        Assert.Equal(TimeSpan.Zero, RecallWorkItem.DeadlineLeadFor(null, Admitted));

    [Fact]
    public void WithoutADeadline_GivingUpIsACancel_SaidSo()
    {
        var error = Item(new RecallRequest { Features = new float[3] }).GaveUp(Admitted.AddDays(1));

        Assert.Equal((RecallErrorKind.Cancelled, "the caller cancelled the request before it was scored"), (error.Kind, error.Message));
    }

    [Theory]
    [InlineData(449, RecallErrorKind.Cancelled)]
    [InlineData(450, RecallErrorKind.DeadlineExceeded)]
    [InlineData(2000, RecallErrorKind.DeadlineExceeded)]
    public void WithADeadline_GivingUpWithinItsLead_IsTheDeadlines(int atMilliseconds, RecallErrorKind expected)
    {
        // A 500 ms budget: its lead is 50 ms, so from 450 ms on a cancel is the deadline's.
        var request = new RecallRequest { Features = new float[3], Deadline = Admitted.AddMilliseconds(500) };
        Assert.True(_admission.TryEnter());
        var item = new RecallWorkItem(request, 1, 0, long.MaxValue, _admission) { DeadlineLead = RecallWorkItem.DeadlineLeadFor(request.Deadline, Admitted) };

        var error = item.GaveUp(Admitted.AddMilliseconds(atMilliseconds));

        Assert.Equal(expected, error.Kind);
    }

    private RecallWorkItem Item(RecallRequest request)
    {
        Assert.True(_admission.TryEnter());
        return new RecallWorkItem(request, 1, 0, long.MaxValue, _admission);
    }
}
