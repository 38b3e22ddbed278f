using RsPipeline.Host.Configuration;

// --help is the command line's own output (stdout), not a log: it starts nothing.
if (CommandLineHelp.IsRequested(args))
{
    CommandLineHelp.Write(Console.Out, args);
    return 0;
}

return await RsPipeline.Host.RsPipelineServer.RunAsync(args);
