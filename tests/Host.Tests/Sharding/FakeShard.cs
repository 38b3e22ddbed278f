using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using RsPipeline.Shard.V1;

namespace RsPipeline.Host.Tests.Sharding;

/// <summary>
/// A shard the test scripts, on 127.0.0.1 and a free port: it answers Info with <see cref="Info"/>
/// and ScoreBatch with <see cref="Score"/> (slow, wrong, or of another version, as a test needs).
/// </summary>
public sealed class FakeShard : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _scoreCalls;

    private FakeShard(WebApplication app, InfoReply info)
    {
        _app = app;
        Info = info;
        Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public string Address { get; }

    public InfoReply Info { get; set; }

    public Func<ScoreBatchRequest, ServerCallContext, Task<ScoreBatchReply>> Score { get; set; } = (_, _) => Task.FromResult(new ScoreBatchReply());

    public int ScoreCalls => Volatile.Read(ref _scoreCalls);

    public static async Task<FakeShard> StartAsync(InfoReply info)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var holder = new Holder();
        builder.Services.AddSingleton(holder);
        var app = builder.Build();
        app.MapGrpcService<Service>();
        await app.StartAsync();
        var shard = new FakeShard(app, info);
        holder.Shard = shard;
        return shard;
    }

    /// <summary>A reply of <paramref name="rows"/> queries, each with the given (id, score) pairs.</summary>
    public static ScoreBatchReply Reply(InfoReply info, int rows, params (string Id, float Score)[] candidates)
    {
        var reply = new ScoreBatchReply { CatalogVersion = info.CatalogVersion, ShardIndex = info.ShardIndex, ShardCount = info.ShardCount };
        for (var r = 0; r < rows; r++)
        {
            var row = new ShardCandidates();
            row.ItemIds.AddRange(candidates.Select(c => c.Id));
            row.Scores.AddRange(candidates.Select(c => c.Score));
            reply.Results.Add(row);
        }

        return reply;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class Holder
    {
        public FakeShard? Shard { get; set; }
    }

    private sealed class Service(Holder holder) : Shard.V1.Shard.ShardBase
    {
        public override Task<InfoReply> Info(InfoRequest request, ServerCallContext context) => Task.FromResult(holder.Shard!.Info);

        public override Task<ScoreBatchReply> ScoreBatch(ScoreBatchRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref holder.Shard!._scoreCalls);
            return holder.Shard.Score(request, context);
        }
    }
}
