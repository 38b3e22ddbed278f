using Microsoft.Extensions.Configuration;
using RsPipeline.Host.Admin;

namespace RsPipeline.Host.Tests;

public sealed class AdminOptionsValidatorTests
{
    private readonly AdminOptionsValidator _validator = new(new ConfigurationBuilder().Build());

    [Fact]
    public void Validate_DefaultsAndDisabled_Succeed()
    {
        Assert.True(_validator.Validate(null, new AdminOptions()).Succeeded);
        Assert.True(_validator.Validate(null, new AdminOptions { BindAddress = "nonsense", Port = -1 }).Succeeded);
    }

    [Fact]
    public void Validate_EnabledWithBadValues_ReportsEveryOneNamingItsKey()
    {
        var failures = _validator.Validate(null, new AdminOptions { Enabled = true, BindAddress = "nonsense", Port = 70000 }).Failures!.ToArray();

        Assert.Equal(2, failures.Length);
        Assert.Contains(failures, f => f.StartsWith("Admin:BindAddress must be an IP address", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Admin:Port must be between 0 and 65535", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AllowedRootThatIsNotADirectory_NamesItsIndex()
    {
        var options = new AdminOptions { Enabled = true, Port = 0 };
        options.AllowedRoots.Add(Path.GetTempPath());
        options.AllowedRoots.Add("/no/such/rspipeline/root");

        var failure = Assert.Single(_validator.Validate(null, options).Failures!);

        Assert.StartsWith("Admin:AllowedRoots:1 must be an existing directory", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("50051", "Server:Port")]
    [InlineData("9464", "Telemetry:MetricsPort")]
    public void Validate_PortTakenByAnotherListener_NamesBothKeys(string port, string other)
    {
        var validator = new AdminOptionsValidator(new ConfigurationBuilder().Build());

        var failure = Assert.Single(validator.Validate(null, new AdminOptions { Enabled = true, Port = int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) }).Failures!);

        Assert.StartsWith($"Admin:Port must differ from {other} (both {port})", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0", null, false)]
    [InlineData("0.0.0.0", "t0ken", true)]
    [InlineData("::1", null, true)]
    [InlineData("127.0.0.1", null, true)]
    public void Validate_NonLoopbackAddress_NeedsAToken(string address, string? token, bool valid)
    {
        var result = _validator.Validate(null, new AdminOptions { Enabled = true, BindAddress = address, Token = token });

        Assert.Equal(valid, result.Succeeded);
    }
}
