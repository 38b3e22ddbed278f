using Microsoft.Extensions.Options;

namespace RsPipeline.Pipeline.Configuration;

/// <summary>Applies <paramref name="inner"/> to one named options instance only and skips every other name.</summary>
internal sealed class NamedOptionsValidator<TOptions>(string name, IValidateOptions<TOptions> inner) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name1, TOptions options) =>
        (name1 ?? Options.DefaultName) == name ? inner.Validate(name1, options) : ValidateOptionsResult.Skip;
}
