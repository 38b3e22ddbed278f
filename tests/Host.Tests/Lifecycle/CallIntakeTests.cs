using RsPipeline.Host.Lifecycle;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Lifecycle;

public sealed class CallIntakeTests
{
    [Fact]
    public void Open_LetsCallsInAndCountsThem()
    {
        var intake = new CallIntake();

        Assert.True(intake.TryEnter());
        Assert.True(intake.TryEnter());
        intake.Exit();

        Assert.Equal(1, intake.Inside);
    }

    [Fact]
    public async Task Close_RefusesNewCalls_CompletesWhenTheLastCallInsideExits()
    {
        var intake = new CallIntake();
        Assert.True(intake.TryEnter());
        Assert.True(intake.TryEnter());

        var emptied = intake.Close();
        var refused = !intake.TryEnter();
        intake.Exit();
        var afterOne = emptied.IsCompleted;
        intake.Exit();
        await emptied.DefaultTimeout();

        Assert.True(refused);
        Assert.False(afterOne);
        Assert.Equal(0, intake.Inside);
    }

    [Fact]
    public async Task Close_NothingInside_CompletesAtOnce()
    {
        await new CallIntake().Close().DefaultTimeout();
    }
}
