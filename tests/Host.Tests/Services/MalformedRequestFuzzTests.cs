using FsCheck;
using FsCheck.Xunit;
using Google.Protobuf;
using Grpc.Core;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Services;

/// <summary>
/// Issue 13, defect 5, as a property at a running server: whatever bytes arrive as a request (random,
/// or a valid request cut short or with one byte changed), the answer is OK or INVALID_ARGUMENT,
/// never UNKNOWN or INTERNAL, and the server goes on answering.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class MalformedRequestFuzzTests(ServerFixture fixture)
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    private static readonly (string Service, string Method, byte[] Valid)[] Targets =
    [
        ("rs.RSer", "CallRsItems", new Protos.Rs.userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(9)) }.ToByteArray()),
        ("rspipeline.recall.v1.Recall", "Recall", Typed().ToByteArray()),
        ("rspipeline.recall.v1.Recall", "RecallMany", new Recall.V1.RecallManyRequest { Users = { Typed(), Typed() } }.ToByteArray()),
    ];

    private static Recall.V1.RecallRequest Typed()
    {
        var request = new Recall.V1.RecallRequest { TopK = 3, ExcludeItemIds = { "1", "2" } };
        request.Vector.Add(TestCatalog.Query(9));
        return request;
    }

    private static byte[] Mutate(byte[] valid, byte[] noise, int mode, int position, byte value) => (mode % 3) switch
    {
        0 => noise,
        1 => valid[..(position % (valid.Length + 1))],
        _ => valid.Select((b, i) => i == position % valid.Length ? value : b).ToArray(),
    };

    [Property(MaxTest = 150)]
    public async Task<bool> AnyBytes_AreOkOrInvalidArgument_NeverUnknownOrInternal(byte[] noise, NonNegativeInt target, NonNegativeInt mode, NonNegativeInt position, byte value)
    {
        var (service, method, valid) = Targets[target.Get % Targets.Length];
        var body = Mutate(valid, noise ?? [], mode.Get, position.Get, value);
        var call = fixture.Server.Channel.CreateCallInvoker().AsyncUnaryCall(new Method<byte[], byte[]>(MethodType.Unary, service, method, Raw, Raw), null, new CallOptions(), body);
        try
        {
            await call.ResponseAsync.DefaultTimeout();
            return true;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode == StatusCode.InvalidArgument;
        }
    }
}
