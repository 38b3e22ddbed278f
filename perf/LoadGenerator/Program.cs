using System.CommandLine;
using RsPipeline.LoadGenerator;

var root = new RootCommand("RsPipeline load generator: drives a running server over gRPC and verifies its replies; writes the benchmark catalogue; measures its own ceiling.")
{
    RunCommand.Create(),
    CatalogCommand.Create(),
    CeilingCommand.Create(),
    EchoServerCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
