using Microsoft.Extensions.Options;

namespace RsPipeline.Host.Security.Callers;

/// <summary>Checks <see cref="AuthOptions"/>, the token file included, and reports every problem at once, each naming its key.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    private const string Prefix = AuthOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        if (options.ReloadInterval <= TimeSpan.Zero)
        {
            errors.Add($"{Prefix}{nameof(options.ReloadInterval)} must be positive (got {options.ReloadInterval})");
        }

        if (options.TokensPath is { } path)
        {
            try
            {
                TokenFile.Load(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                errors.Add($"{Prefix}{nameof(options.TokensPath)}: {ex.Message}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
