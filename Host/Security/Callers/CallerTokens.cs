using Microsoft.Extensions.Options;

namespace RsPipeline.Host.Security.Callers;

/// <summary>
/// The token file in force (Auth:TokensPath), re-read when it changes: a key added or removed
/// applies to the next call, without a restart. A changed file that does not parse is logged and
/// the previous one stays.
/// </summary>
internal sealed class CallerTokens : IPolledFiles
{
    private readonly AuthOptions _options;
    private readonly ILogger<CallerTokens> _logger;
    private readonly Lock _reloading = new();
    private volatile TokenFile _current;

    /// <exception cref="IOException">The file cannot be read (validation at start reports it first).</exception>
    /// <exception cref="InvalidDataException">The file is malformed.</exception>
    public CallerTokens(IOptions<AuthOptions> options, ILogger<CallerTokens> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _current = TokenFile.Load(_options.TokensPath!);
    }

    /// <inheritdoc/>
    public TimeSpan ReloadInterval => _options.ReloadInterval;

    /// <summary>The caller <paramref name="token"/> belongs to, or null.</summary>
    public string? CallerOf(string token) => _current.CallerOf(token);

    /// <inheritdoc/>
    public bool ReloadIfChanged()
    {
        lock (_reloading)
        {
            try
            {
                if (TokenFile.FingerprintOf(_options.TokensPath!) == _current.Fingerprint)
                {
                    return false;
                }

                _current = TokenFile.Load(_options.TokensPath!);
                CallerLog.TokensReloaded(_logger, _options.TokensPath!, _current.Callers.Count);
                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                CallerLog.TokensReloadFailed(_logger, ex.Message);
                return false;
            }
        }
    }
}
