using Grpc.Core;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Protos.Rs;

namespace RsPipeline.Host.Tests.Scenarios;

/// <summary>One call of a scenario: which query it sent (<see cref="TestCatalog.Query"/>), its status and, when OK, the ids answered.</summary>
public sealed record CallRecord(int Query, StatusCode Status, string Detail, string[] Ids)
{
    /// <summary>How many distinct queries the scenarios send (the call number modulo this picks one).</summary>
    public const int Queries = 16;

    /// <summary>The seed API's answer to query <c>n % Queries</c>, within <paramref name="deadline"/>.</summary>
    public static async Task<CallRecord> SeedAsync(RSer.RSerClient client, int n, TimeSpan deadline)
    {
        var query = n % Queries;
        try
        {
            var reply = await client.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(query)) }, deadline: DateTime.UtcNow + deadline);
            return new CallRecord(query, StatusCode.OK, string.Empty, reply.Items.Split(','));
        }
        catch (RpcException ex)
        {
            return new CallRecord(query, ex.StatusCode, ex.Status.Detail, []);
        }
    }

    public override string ToString() => $"query {Query}: {Status} \"{Detail}\"";
}
