return await RsPipeline.Host.RsPipelineServer.RunAsync(args);
