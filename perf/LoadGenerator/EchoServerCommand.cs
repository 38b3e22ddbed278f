using System.CommandLine;

namespace RsPipeline.LoadGenerator;

/// <summary>`echo-server`: the trivial server alone, to measure the generator's ceiling from another process.</summary>
internal static class EchoServerCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "loopback port", DefaultValueFactory = _ => 50071 };
        var seconds = new Option<double>("--seconds") { Description = "stop after this long", DefaultValueFactory = _ => 600 };
        var command = new Command("echo-server", "Serve rs.RSer on 127.0.0.1 answering every call with the same 100 ids (a trivial server), for a bounded time.")
        {
            port, seconds,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = await EchoServer.StartAsync(parse.GetValue(port), cancellationToken);
            Console.WriteLine($"echo server on {EchoServer.AddressOf(app)} for {parse.GetValue(seconds)} s");
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(parse.GetValue(seconds)), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C.
            }

            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}
