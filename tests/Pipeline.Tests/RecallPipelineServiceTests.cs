using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Batching;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests;

public class RecallPipelineServiceTests
{
    private static IHost BuildHost(Dictionary<string, string?> settings, TimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddRecallPipeline(builder.Configuration);
        return builder.Build();
    }

    private static Dictionary<string, string?> SmallCatalog() => new()
    {
        ["Catalog:SyntheticItemCount"] = "500",
        ["Catalog:SyntheticDimension"] = "8",
        ["Batching:MaxBatchDelay"] = "00:00:00.001",
    };

    [Fact]
    public async Task HostLifetime_LoadsWarmsUpServesThenDrainsToStopped()
    {
        using var host = BuildHost(SmallCatalog());
        var pipeline = host.Services.GetRequiredService<IRecallPipeline>();
        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pipeline.StateChanged += state =>
        {
            if (state == PipelineState.Serving)
            {
                serving.TrySetResult();
            }
        };

        await host.StartAsync().DefaultTimeout();
        if (pipeline.State != PipelineState.Serving)
        {
            await serving.Task.DefaultTimeout();
        }

        var result = await pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 5 }).DefaultTimeout();
        await host.StopAsync().DefaultTimeout();

        Assert.Equal(5, result.ItemIds.Count);
        Assert.Equal("synthetic-500x8-seed42", pipeline.CatalogVersion);
        Assert.Equal(PipelineState.Stopped, pipeline.State);
    }

    [Fact]
    public async Task InvalidSettings_StopStartUp_WithEveryKeyNamed()
    {
        var settings = SmallCatalog();
        settings["Batching:MaxBatchSize"] = "0";
        settings["Recall:DefaultTopK"] = "-3";
        settings["Inference:Simd:ThreadCount"] = "0";
        settings["Catalog:SyntheticDimension"] = "many";
        using var host = BuildHost(settings);

        var error = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync().DefaultTimeout());

        Assert.All(error.InnerExceptions, e => Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(e));
        var message = string.Join("\n", error.InnerExceptions.Select(e => e.Message));
        Assert.Contains("Recall:DefaultTopK", message, StringComparison.Ordinal);
        Assert.Contains("Inference:Simd:ThreadCount", message, StringComparison.Ordinal);
        Assert.Contains("Batching:MaxBatchSize", message, StringComparison.Ordinal);
        Assert.Contains("Failed to convert configuration value 'many' at 'Catalog:SyntheticDimension'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheConfiguredBatchingSection_ReachesTheLiveSettings()
    {
        var settings = SmallCatalog();
        settings["Batching:MaxBatchSize"] = "3";
        settings["Batching:MaxBatchDelay"] = "00:00:00.007";
        settings["Batching:Policy"] = "FixedWindow";
        settings["Batching:QueueCapacity"] = "77";
        using var host = BuildHost(settings);

        var live = host.Services.GetRequiredService<LiveBatchingSettings>();

        Assert.Equal(new BatchSettings(3, TimeSpan.FromMilliseconds(7), BatchingPolicy.FixedWindow), live.Current);
        Assert.Equal(77, live.AtStart.QueueCapacity);
    }

    [Fact]
    public async Task TheConfiguredBatchingSection_ShapesTheRunningPipelinesBatches_AndItsCapacity()
    {
        var settings = SmallCatalog();
        settings["Batching:MaxBatchSize"] = "3";
        settings["Batching:MaxBatchDelay"] = "00:00:10";
        settings["Batching:Policy"] = "FixedWindow";
        settings["Batching:QueueCapacity"] = "4";
        using var host = BuildHost(settings, new FakeTimeProvider());
        var pipeline = host.Services.GetRequiredService<RecallPipeline>();
        var scorer = new NaiveScorer(TestCatalogs.Gaussian(20, 8, seed: 1));
        pipeline.Activate(scorer);

        var full = Enumerable.Range(0, 3).Select(_ => pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 1 })).ToArray();
        await Task.WhenAll(full).DefaultTimeout();
        scorer.Block();
        var waiting = Enumerable.Range(0, 4).Select(_ => pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 1 })).ToArray();
        await scorer.Entered.DefaultTimeout();
        await pipeline.WhenWaiting(1).DefaultTimeout();

        // Three left full; now four are inside (the capacity): three being scored, the fourth waiting for its window.
        Assert.Equal(RecallErrorKind.Overloaded, (await Assert.ThrowsAsync<RecallException>(() => pipeline.SubmitAsync(new RecallRequest { Features = new float[8] }))).Kind);
        scorer.Release();
        await Task.WhenAll(waiting.Take(3)).DefaultTimeout();
        Assert.False(waiting[3].IsCompleted);
        await pipeline.DrainAsync(CancellationToken.None).DefaultTimeout();
        await waiting[3].DefaultTimeout();
        Assert.Equal([3, 3, 1], scorer.BatchSizes);
    }

    [Fact]
    public void AChangedBatchingSection_IsFollowedLive()
    {
        var settings = SmallCatalog();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddRecallPipeline(builder.Configuration);
        using var host = builder.Build();
        var live = host.Services.GetRequiredService<LiveBatchingSettings>();

        builder.Configuration["Batching:MaxBatchSize"] = "5";
        ((IConfigurationRoot)builder.Configuration).Reload();

        Assert.Equal(5, live.Current.MaxBatchSize);
    }
}
