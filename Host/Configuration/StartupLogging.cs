namespace RsPipeline.Host.Configuration;

/// <summary>
/// The console logger for what goes wrong before the application exists (a missing profile, a
/// configuration that cannot be layered): configured from the Logging section as far as the
/// configuration can still be read (formatter, levels), so that a JSON log stays JSON to its last line.
/// </summary>
internal static class StartupLogging
{
    private const string LoggingSection = "Logging";

    /// <summary>A console logger factory configured from the Logging section of <paramref name="args"/>'s configuration layers.</summary>
    public static ILoggerFactory CreateLoggerFactory(string[] args)
    {
        var logging = ReadLoggingSection(args);
        return LoggerFactory.Create(builder => builder.AddConfiguration(logging).AddConsole());
    }

    // The layers as the server stacks them; when the files cannot be read (the error being reported
    // may be about one of them), environment and command line still count.
    private static IConfiguration ReadLoggingSection(string[] args)
    {
        Func<IConfigurationBuilder>[] attempts =
        [
            () => AddFiles(new ConfigurationBuilder(), args).AddEnvironmentVariables().AddCommandLine(args),
            () => new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args),
        ];
        foreach (var attempt in attempts)
        {
            try
            {
                return attempt().Build().GetSection(LoggingSection);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or ArgumentException)
            {
                // Try the next, smaller set of layers.
            }
        }

        return new ConfigurationBuilder().Build().GetSection(LoggingSection);
    }

    private static IConfigurationBuilder AddFiles(IConfigurationBuilder builder, string[] args)
    {
        var layout = ConfigurationLayout.Resolve(args, Environment.GetEnvironmentVariable);
        builder.AddJsonFile(layout.BaseFile, optional: true, reloadOnChange: false);
        if (layout.ProfileFile is { } profile)
        {
            builder.AddJsonFile(profile, optional: true, reloadOnChange: false);
        }

        return builder;
    }
}
