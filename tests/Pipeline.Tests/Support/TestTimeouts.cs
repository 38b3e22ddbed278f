namespace RsPipeline.Pipeline.Tests.Support;

/// <summary>The guard on every awaited task in tests (grpc-dotnet's DefaultTimeout()): a hang fails the test instead of the run.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(Default);

    public static Task DefaultTimeout(this Task task) => task.WaitAsync(Default);
}
