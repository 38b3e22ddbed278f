namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>One server shared by the tests of the <see cref="SharedServer"/>; they run one at a time.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private TestServer? _server;

    public TestCatalog Catalog { get; } = new();

    public TestServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(TestServer.Arguments(Catalog));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Catalog.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedServer : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
