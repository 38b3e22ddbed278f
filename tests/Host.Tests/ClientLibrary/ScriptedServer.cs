using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RsPipeline.Admin.V1;
using RsPipeline.Protos.Rs;

namespace RsPipeline.Host.Tests.ClientLibrary;

/// <summary>
/// A stand-in server on loopback whose rs.RSer and admin services answer as the test scripts them,
/// attempt by attempt, and record every attempt: to watch what the client library does on the wire.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedServer(WebApplication app, Script script)
    {
        _app = app;
        Attempts = script.Attempts;
        Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
    }

    /// <summary>What a seed call's attempt n (from 0) does.</summary>
    public delegate Task<itemsString> Behaviour(int attempt, ServerCallContext context);

    public int Port { get; }

    /// <summary>Every attempt seen, in arrival order.</summary>
    public ConcurrentQueue<Attempt> Attempts { get; }

    public static async Task<ScriptedServer> StartAsync(Behaviour seed)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        var script = new Script(seed);
        builder.Services.AddSingleton(script);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapGrpcService<ScriptedSeed>();
        app.MapGrpcService<ScriptedAdmin>();
        await app.StartAsync();
        return new ScriptedServer(app, script);
    }

    /// <summary>A reply of <paramref name="items"/>.</summary>
    public static Task<itemsString> Reply(string items = "1,2,3") => Task.FromResult(new itemsString { Items = items });

    /// <summary>Fails with <paramref name="code"/>, with a retry pushback when <paramref name="pushbackMs"/> is given.</summary>
    public static Task<itemsString> Fail(StatusCode code, string? pushbackMs = null) =>
        throw new RpcException(new Status(code, "scripted"), pushbackMs is null ? Metadata.Empty : new Metadata { { "grpc-retry-pushback-ms", pushbackMs } });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>One attempt: when it arrived, its deadline and its authorization header.</summary>
    public sealed record Attempt(string Method, long ArrivedTimestamp, DateTime Deadline, string? Authorization);

    private sealed class Script(Behaviour seed)
    {
        private int _seedAttempts = -1;

        public ConcurrentQueue<Attempt> Attempts { get; } = new();

        public Task<itemsString> Seed(ServerCallContext context)
        {
            Record(context);
            return seed(Interlocked.Increment(ref _seedAttempts), context);
        }

        public void Record(ServerCallContext context) =>
            Attempts.Enqueue(new Attempt(context.Method, TimeProvider.System.GetTimestamp(), context.Deadline, context.RequestHeaders.GetValue("authorization")));
    }

    private sealed class ScriptedSeed(Script script) : RSer.RSerBase
    {
        public override Task<itemsString> CallRsItems(userRequest request, ServerCallContext context) => script.Seed(context);
    }

    private sealed class ScriptedAdmin(Script script) : global::RsPipeline.Admin.V1.Admin.AdminBase
    {
        public override Task<ReloadReply> Reload(ReloadRequest request, ServerCallContext context)
        {
            script.Record(context);
            throw new RpcException(new Status(StatusCode.Unavailable, "scripted"));
        }
    }
}
