using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RsPipeline.Pipeline.Tests.Support;

namespace RsPipeline.Pipeline.Tests;

public class RecallPipelineServiceTests
{
    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
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
        settings["Inference:ItemTileRows"] = "0";
        using var host = BuildHost(settings);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync().DefaultTimeout());

        var message = error is AggregateException aggregate ? string.Join("\n", aggregate.Flatten().InnerExceptions.Select(e => e.Message)) : error.Message;
        Assert.Contains("Recall:DefaultTopK", message, StringComparison.Ordinal);
        Assert.Contains("Inference:ItemTileRows", message, StringComparison.Ordinal);
        Assert.Contains("Batching:MaxBatchSize", message, StringComparison.Ordinal);
    }
}
