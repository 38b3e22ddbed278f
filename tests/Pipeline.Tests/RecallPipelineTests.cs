using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Batching;
using RsPipeline.TestSupport.Reference;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests;

public class RecallPipelineTests
{
    private static BatchingOptions Batching(int maxBatchSize = 16, int delayMs = 1, BatchingPolicy policy = BatchingPolicy.EagerWhenIdle, int capacity = 1024) =>
        new() { MaxBatchSize = maxBatchSize, MaxBatchDelay = TimeSpan.FromMilliseconds(delayMs), Policy = policy, QueueCapacity = capacity, ParseParallelism = 2, RespondParallelism = 2 };

    private static string Text(float[] vector) => string.Join(", ", vector.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static async Task<RecallException> FailsWith(Task<RecallResult> task, RecallErrorKind kind)
    {
        var error = await Assert.ThrowsAsync<RecallException>(() => task.DefaultTimeout());
        Assert.Equal(kind, error.Kind);
        return error;
    }

    [Fact]
    public async Task TextRequests_AnswerTheBruteForceTopKOfTheirOwnVector()
    {
        using var fixture = new PipelineFixture(Batching());
        var random = new Random(1);
        var queries = Enumerable.Range(0, 20).Select(_ => TestCatalogs.Vector(8, random)).ToArray();

        var results = await Task.WhenAll(queries.Select(q => fixture.Pipeline.SubmitAsync(new RecallRequest { FeatureText = Text(q), TopK = 10 }))).DefaultTimeout();

        for (var i = 0; i < queries.Length; i++)
        {
            var indices = results[i].ItemIds.Select(PipelineFixture.IndexOf).ToArray();
            TopKAssert.IsExactTopK(queries[i], fixture.Catalog.Embeddings.Span, fixture.Catalog.Count, 8, indices, 10);
            Assert.Equal(fixture.Catalog.Version, results[i].CatalogVersion);
            Assert.Null(results[i].Scores);
        }
    }

    [Fact]
    public async Task NoTopK_UsesTheConfiguredDefault()
    {
        using var fixture = new PipelineFixture(Batching(), recall: new RecallOptions { DefaultTopK = 7 });

        var result = await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] }).DefaultTimeout();

        Assert.Equal(7, result.ItemIds.Count);
    }

    [Fact]
    public async Task Exclusions_AreLeftOut_AndKResultsRemain()
    {
        using var fixture = new PipelineFixture(Batching());
        var query = TestCatalogs.Vector(8, new Random(2));
        var best = await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = query, TopK = 20 }).DefaultTimeout();
        var excluded = best.ItemIds.Where((_, i) => i % 2 == 0).ToArray();

        var result = await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = query, TopK = 20, ExcludedItemIds = excluded, IncludeScores = true }).DefaultTimeout();

        Assert.Equal(20, result.ItemIds.Count);
        Assert.Empty(result.ItemIds.Intersect(excluded));
        var expected = BruteForceTopK.TopK(query, fixture.Catalog.Embeddings.Span, fixture.Catalog.Count, 8, 30)
            .Select(i => $"item-{i}").Except(excluded).Take(20);
        Assert.Equal(expected, result.ItemIds);
        Assert.Equal(20, result.Scores!.Count);
        Assert.True(result.Scores.Zip(result.Scores.Skip(1)).All(p => p.First >= p.Second), "scores must be best first");
    }

    [Fact]
    public async Task BeforeActivation_RequestsAreRefusedAsUnavailable()
    {
        using var fixture = new PipelineFixture(Batching(), activate: false);

        var error = await FailsWith(fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] }), RecallErrorKind.Unavailable);

        Assert.Contains("starting", error.Message, StringComparison.Ordinal);
        Assert.Equal(PipelineState.Starting, fixture.Pipeline.State);
    }

    [Theory]
    [InlineData("1,2,3", "wrong dimension: expected 8 values, got 3")]
    [InlineData("1,2,3,4,5,6,7,abc", "value 8 is not a decimal number")]
    [InlineData("", "empty")]
    public async Task BadVector_IsInvalidArgument_AndTheNextRequestIsServed(string text, string message)
    {
        using var fixture = new PipelineFixture(Batching());

        var error = await FailsWith(fixture.Pipeline.SubmitAsync(new RecallRequest { FeatureText = text }), RecallErrorKind.InvalidArgument);
        var next = await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 3 }).DefaultTimeout();

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(3, next.ItemIds.Count);
        Assert.Equal(0, fixture.Scorer.BatchSizes.Count(size => size > 1));
    }

    [Fact]
    public async Task RequestLimits_AreInvalidArgument_NamingTheLimit()
    {
        using var fixture = new PipelineFixture(Batching(), recall: new RecallOptions { MaxTopK = 50, MaxExcludedItems = 2 });

        var topK = await FailsWith(fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 51 }), RecallErrorKind.InvalidArgument);
        var zero = await FailsWith(fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 0 }), RecallErrorKind.InvalidArgument);
        var exclusions = await FailsWith(fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], ExcludedItemIds = ["a", "b", "c"] }), RecallErrorKind.InvalidArgument);
        var neither = await FailsWith(fixture.Pipeline.SubmitAsync(new RecallRequest()), RecallErrorKind.InvalidArgument);

        Assert.Equal("top_k 51 exceeds the maximum 50 (Recall:MaxTopK)", topK.Message);
        Assert.Equal("top_k must be at least 1, was 0", zero.Message);
        Assert.Equal("exclude_item_ids holds 3 ids, the maximum is 2 (Recall:MaxExcludedItems)", exclusions.Message);
        Assert.Contains("exactly one", neither.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FullIntake_RefusesAtOnceAsOverloaded_AndTheAdmittedOnesComplete()
    {
        using var fixture = new PipelineFixture(Batching(maxBatchSize: 1, capacity: 4));
        fixture.Scorer.Block();
        var first = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });
        await fixture.Scorer.Entered.DefaultTimeout();
        var admitted = Enumerable.Range(0, 3).Select(_ => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] })).ToArray();

        var refused = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });

        Assert.True(refused.IsFaulted, "an overloaded request must be refused at once, not queued");
        await FailsWith(refused, RecallErrorKind.Overloaded);
        fixture.Scorer.Release();
        await Task.WhenAll(admitted.Append(first)).DefaultTimeout();
        Assert.Equal(0, fixture.Pipeline.InFlight);
    }

    [Fact]
    public async Task Flood_FromManyProducers_NeverAdmitsMoreThanCapacity_AndEveryAdmittedOneIsAnswered()
    {
        const int capacity = 64;
        using var fixture = new PipelineFixture(Batching(maxBatchSize: 8, capacity: capacity));
        fixture.Scorer.Block();
        var maxInside = 0;

        var submitted = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 250).Select(_ =>
            {
                var task = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 1 });
                InterlockedMax(ref maxInside, fixture.Pipeline.InFlight);
                return task;
            }).ToArray()))).DefaultTimeout();
        var all = submitted.SelectMany(t => t).ToArray();
        var refusedAtOnce = all.Count(t => t.IsFaulted);
        fixture.Scorer.Release();
        await Task.WhenAll(all.Where(t => !t.IsFaulted)).DefaultTimeout();

        Assert.InRange(maxInside, 1, capacity);
        Assert.Equal(all.Length - capacity, refusedAtOnce);
        Assert.All(all.Where(t => t.IsFaulted), t => Assert.Equal(RecallErrorKind.Overloaded, ((RecallException)t.Exception!.InnerException!).Kind));
        Assert.Equal(0, fixture.Pipeline.InFlight);

        static void InterlockedMax(ref int target, int value)
        {
            var current = Volatile.Read(ref target);
            while (value > current && Interlocked.CompareExchange(ref target, value, current) != current)
            {
                current = Volatile.Read(ref target);
            }
        }
    }

    [Fact]
    public async Task RequestsWaitingWhileInferenceIsBusy_LeaveTogether_UpToMaxBatchSize_TheRestByTheWindow()
    {
        var time = new FakeTimeProvider();
        using var fixture = new PipelineFixture(Batching(maxBatchSize: 2, delayMs: 1000, policy: BatchingPolicy.FixedWindow), time);
        fixture.Scorer.Block();
        var running = SubmitMany(2);
        await fixture.Scorer.Entered.DefaultTimeout();
        var waiting = SubmitMany(6);
        await fixture.Pipeline.WhenWaiting(6).DefaultTimeout();

        // Six wait; with room for 5, the next batch takes five at once, and the last one waits for its window.
        fixture.Monitor.Set(Batching(maxBatchSize: 5, delayMs: 1000, policy: BatchingPolicy.FixedWindow));
        fixture.Scorer.Release();
        await Task.WhenAll(waiting.Take(5)).DefaultTimeout();
        var lastBeforeItsWindow = waiting[5].IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        var results = await Task.WhenAll(running.Concat(waiting)).DefaultTimeout();

        Assert.False(lastBeforeItsWindow);
        Assert.Equal([2, 5, 1], fixture.Scorer.BatchSizes);
        Assert.All(results, r => Assert.Equal(100, r.ItemIds.Count));

        Task<RecallResult>[] SubmitMany(int count) =>
            Enumerable.Range(0, count).Select(_ => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = TestCatalogs.Vector(8, new Random(count)) })).ToArray();
    }

    [Fact]
    public async Task ScorerFault_FailsOnlyThatBatch_AndTheGraphKeepsServing()
    {
        using var fixture = new PipelineFixture(Batching(maxBatchSize: 1));
        fixture.Scorer.FailNext = new InvalidOperationException("injected");

        var error = await FailsWith(fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] }), RecallErrorKind.Internal);
        var next = await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 2 }).DefaultTimeout();

        Assert.Contains("scoring failed", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, next.ItemIds.Count);
        Assert.Equal(0, fixture.Pipeline.InFlight);
    }

    [Fact]
    public async Task CancelledWhileQueued_CompletesCancelled_AndIsNeverScored()
    {
        using var fixture = new PipelineFixture(Batching(maxBatchSize: 1));
        fixture.Scorer.Block();
        var first = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });
        await fixture.Scorer.Entered.DefaultTimeout();
        using var cancellation = new CancellationTokenSource();
        var cancelled = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], CancellationToken = cancellation.Token });

        await cancellation.CancelAsync();
        await FailsWith(cancelled, RecallErrorKind.Cancelled);
        fixture.Scorer.Release();
        await first.DefaultTimeout();
        await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] }).DefaultTimeout();

        Assert.Equal([1, 1], fixture.Scorer.BatchSizes);
        Assert.Equal(0, fixture.Pipeline.InFlight);
    }

    [Fact]
    public async Task DeadlinePassedWhileQueued_IsDeadlineExceeded_AndNeverScored()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var fixture = new PipelineFixture(Batching(maxBatchSize: 1), time);
        fixture.Scorer.Block();
        var first = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });
        await fixture.Scorer.Entered.DefaultTimeout();
        var late = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], Deadline = time.GetUtcNow().UtcDateTime.AddSeconds(1) });

        time.Advance(TimeSpan.FromSeconds(2));
        fixture.Scorer.Release();

        await first.DefaultTimeout();
        var error = await FailsWith(late, RecallErrorKind.DeadlineExceeded);
        Assert.Contains("deadline", error.Message, StringComparison.Ordinal);
        Assert.Equal([1], fixture.Scorer.BatchSizes);
    }

    [Fact]
    public async Task Drain_RefusesNewRequests_FinishesThoseInside_ThenStops()
    {
        using var fixture = new PipelineFixture(Batching(maxBatchSize: 1));
        var states = new List<PipelineState>();
        fixture.Pipeline.StateChanged += states.Add;
        fixture.Scorer.Block();
        var inside = Enumerable.Range(0, 3).Select(_ => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] })).ToArray();
        await fixture.Scorer.Entered.DefaultTimeout();

        var draining = fixture.Pipeline.DrainAsync(CancellationToken.None);
        var refused = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });
        var stillDraining = !draining.IsCompleted;
        fixture.Scorer.Release();
        await draining.DefaultTimeout();

        Assert.True(stillDraining, "drain must wait for the requests inside");
        await FailsWith(refused, RecallErrorKind.Unavailable);
        Assert.All(await Task.WhenAll(inside).DefaultTimeout(), r => Assert.Equal(100, r.ItemIds.Count));
        Assert.Equal(PipelineState.Stopped, fixture.Pipeline.State);
        Assert.Equal([PipelineState.Draining, PipelineState.Stopped], states);
    }

    [Fact]
    public async Task LiveSettingsChange_AppliesToTheNextBatch_AndAnInvalidOneIsIgnored()
    {
        var time = new FakeTimeProvider();
        using var fixture = new PipelineFixture(Batching(maxBatchSize: 4, delayMs: 1000, policy: BatchingPolicy.FixedWindow), time);

        await SubmitMany(4);
        fixture.Monitor.Set(Batching(maxBatchSize: 2, delayMs: 1000, policy: BatchingPolicy.FixedWindow));
        await SubmitMany(4);
        fixture.Monitor.Set(Batching(maxBatchSize: 0));
        await SubmitMany(2);

        Assert.Equal([4, 2, 2, 2], fixture.Scorer.BatchSizes);

        Task SubmitMany(int count) =>
            Task.WhenAll(Enumerable.Range(0, count).Select(_ => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] }))).DefaultTimeout();
    }

    [Fact]
    public async Task ManyProducersWithRandomCancellations_EachRequestCompletesOnceWithItsOwnAnswer()
    {
        const int producers = 8;
        const int perProducer = 400;
        const int k = 5;
        using var fixture = new PipelineFixture(Batching(maxBatchSize: 32, delayMs: 1, capacity: producers * perProducer));
        var outcomes = await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(() => Produce(p)))).DefaultTimeout();

        var all = outcomes.SelectMany(o => o).ToArray();
        Assert.Equal(producers * perProducer, all.Length);
        var answered = 0;
        foreach (var (query, cancelled, task) in all)
        {
            if (task.IsCompletedSuccessfully)
            {
                answered++;
                var indices = (await task).ItemIds.Select(PipelineFixture.IndexOf).ToArray();
                TopKAssert.IsExactTopK(query, fixture.Catalog.Embeddings.Span, fixture.Catalog.Count, fixture.Catalog.Dimension, indices, k);
            }
            else
            {
                Assert.True(cancelled, "only cancelled requests may fail here");
                Assert.Equal(RecallErrorKind.Cancelled, Assert.IsType<RecallException>(task.Exception!.InnerException).Kind);
            }
        }

        Assert.True(answered > producers * perProducer / 2, $"only {answered} answered");
        Assert.InRange(fixture.Scorer.RowsScored, answered, all.Length);

        // A cancelled caller is answered at once; its item leaves the graph when inference drops it,
        // which a drain waits for.
        await fixture.Pipeline.DrainAsync(CancellationToken.None).DefaultTimeout();
        Assert.Equal(0, fixture.Pipeline.InFlight);

        async Task<List<(float[] Query, bool Cancelled, Task<RecallResult> Task)>> Produce(int producer)
        {
            var random = new Random(producer);
            var results = new List<(float[], bool, Task<RecallResult>)>();
            for (var i = 0; i < perProducer; i++)
            {
                var query = TestCatalogs.Vector(fixture.Catalog.Dimension, random);
                var cancel = random.Next(10) == 0;
                var cancellation = new CancellationTokenSource();
                var task = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = query, TopK = k, CancellationToken = cancellation.Token });
                if (cancel)
                {
                    cancellation.CancelAfter(TimeSpan.FromMicroseconds(random.Next(500)));
                }

                results.Add((query, cancel, task));
                if (i % 50 == 0)
                {
                    await Task.Yield();
                }
            }

            await Task.WhenAll(results.Select(r => r.Item3).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            return results;
        }
    }
}
