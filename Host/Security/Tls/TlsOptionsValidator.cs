using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RsPipeline.Host.Configuration;
using RsPipeline.Pipeline.Configuration;

namespace RsPipeline.Host.Security.Tls;

/// <summary>Checks <see cref="TlsOptions"/>, the files included, and reports every problem at once, each naming its key.</summary>
internal sealed class TlsOptionsValidator(IConfiguration configuration) : IValidateOptions<TlsOptions>
{
    private int ServerPort => configuration.ReadUnvalidated<RecallServerOptions>(RecallServerOptions.SectionName).Port;

    private const string Prefix = TlsOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        var errors = new List<string>();
        if (options.ReloadInterval <= TimeSpan.Zero)
        {
            errors.Add($"{Prefix}{nameof(options.ReloadInterval)} must be positive (got {options.ReloadInterval})");
        }

        if (options.ProbePort is var probePort and not 0 && (probePort is < 0 or > IPEndPoint.MaxPort || probePort == ServerPort))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{nameof(options.ProbePort)} must be a port between 1 and {IPEndPoint.MaxPort} other than Server:Port (0 = none) (got {probePort})"));
        }

        if (!options.Enabled)
        {
            if (options.KeyPath is not null || options.ClientCaPath is not null || options.ProbePort != 0)
            {
                errors.Add($"{Prefix}{nameof(options.KeyPath)}, {Prefix}{nameof(options.ClientCaPath)} and {Prefix}{nameof(options.ProbePort)} need {Prefix}{nameof(options.CertificatePath)}");
            }

            return Result(errors);
        }

        if (options.KeyPath is null)
        {
            errors.Add($"{Prefix}{nameof(options.KeyPath)} must name the certificate's private key (PEM) when {Prefix}{nameof(options.CertificatePath)} is set");
        }

        var missing = Missing(errors, (nameof(options.CertificatePath), options.CertificatePath), (nameof(options.KeyPath), options.KeyPath), (nameof(options.ClientCaPath), options.ClientCaPath));
        if (errors.Count == 0 && !missing)
        {
            try
            {
                TlsFiles.Load(options);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                errors.Add($"{Prefix}{nameof(options.CertificatePath)}, {nameof(options.KeyPath)}, {nameof(options.ClientCaPath)}: the files cannot be used: {ex.Message}");
            }
        }

        return Result(errors);
    }

    private static bool Missing(List<string> errors, params (string Key, string? Path)[] files)
    {
        var missing = false;
        foreach (var (key, path) in files)
        {
            if (path is not null && !File.Exists(path))
            {
                errors.Add($"{Prefix}{key}: {path} does not exist");
                missing = true;
            }
        }

        return missing;
    }

    private static ValidateOptionsResult Result(List<string> errors) => errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
}
