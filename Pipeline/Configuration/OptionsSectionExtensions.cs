using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RsPipeline.Pipeline.Configuration;

/// <summary>
/// How every options class meets the configuration: bound from its section and validated once, at
/// start (ValidateOnStart), with every problem of every section reported together. A value that does
/// not convert (<c>Server:Port=abc</c>) is such a problem too, reported by key, not thrown as something else.
/// </summary>
public static class OptionsSectionExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> (instance <paramref name="name"/>) from <paramref name="sectionPath"/>
    /// and checks it with <typeparamref name="TValidator"/> (built by the container, so it may take services) at start.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(
        this IServiceCollection services, IConfiguration configuration, string sectionPath, string? name = null)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(configuration);
        name ??= Options.DefaultName;
        services.AddSingleton<IValidateOptions<TOptions>>(sp =>
            new NamedOptionsValidator<TOptions>(name, ActivatorUtilities.CreateInstance<TValidator>(sp)));
        return services.AddBoundOptions<TOptions>(configuration, sectionPath, name).ValidateOnStart();
    }

    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <paramref name="sectionPath"/> with no validation of its own
    /// (for options whose changes are validated where they are applied, such as the live batching settings).
    /// </summary>
    public static OptionsBuilder<TOptions> AddBoundOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string sectionPath, string? name = null)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(sectionPath);
        name ??= Options.DefaultName;

        // What .Bind() registers too: monitors follow the section when the configuration changes.
        services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(new ConfigurationChangeTokenSource<TOptions>(name, section));
        return services.AddOptions<TOptions>(name).Configure(options => Bind(section, options));
    }

    /// <summary>
    /// The section as configured, before validation (for settings needed while the host is being
    /// built, such as listening addresses); a value that does not convert gives the defaults, and
    /// validation reports it once the host starts.
    /// </summary>
    public static TOptions ReadUnvalidated<TOptions>(this IConfiguration configuration, string sectionPath)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new TOptions();
        try
        {
            configuration.GetSection(sectionPath).Bind(options);
            return options;
        }
        catch (InvalidOperationException)
        {
            return new TOptions();
        }
    }

    private static void Bind<TOptions>(IConfigurationSection section, TOptions options)
        where TOptions : class
    {
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the value ("Failed to convert configuration value 'abc' at 'Server:Port' ...").
            throw new OptionsValidationException(section.Path, typeof(TOptions), [ex.Message]);
        }
    }
}
