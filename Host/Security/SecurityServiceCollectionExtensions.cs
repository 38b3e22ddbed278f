using RsPipeline.Host.Security.Callers;
using RsPipeline.Host.Security.Tls;
using RsPipeline.Pipeline.Configuration;

namespace RsPipeline.Host.Security;

/// <summary>Registers the public port's security: TLS (Server:Tls), callers' tokens (Auth) and limits (CallerLimits).</summary>
internal static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// Adds the TLS, Auth and CallerLimits options (validated at start); when TLS is on, the
    /// certificates in force and their reload; when tokens are on, the token file and its reload; the
    /// caller interceptor the public services use.
    /// </summary>
    public static IServiceCollection AddServerSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TlsOptions, TlsOptionsValidator>(configuration, TlsOptions.SectionName);
        if (configuration.ReadUnvalidated<TlsOptions>(TlsOptions.SectionName).Enabled)
        {
            services.AddSingleton<ServerCertificates>();
            services.AddHostedService<PolledFilesService<ServerCertificates>>();
            services.AddSingleton<IStartupFilter, ProbeEndpoint.StartupFilter>();
        }

        services.AddValidatedOptions<AuthOptions, AuthOptionsValidator>(configuration, AuthOptions.SectionName);
        services.AddValidatedOptions<CallerLimitsOptions, CallerLimitsOptionsValidator>(configuration, CallerLimitsOptions.SectionName);
        if (configuration.ReadUnvalidated<AuthOptions>(AuthOptions.SectionName).Enabled)
        {
            services.AddSingleton<CallerTokens>();
            services.AddHostedService<PolledFilesService<CallerTokens>>();
            services.AddSingleton(provider => new CallerResolver(provider.GetRequiredService<CallerTokens>()));
        }
        else
        {
            services.AddSingleton(new CallerResolver());
        }

        services.AddSingleton<CallerLimiter>();
        services.AddSingleton<CallerInterceptor>();

        return services;
    }

    /// <summary>The interceptors of the public services, outermost first: failures to statuses, then the caller's identity and limits.</summary>
    public static void AddPublicServiceInterceptors(this Grpc.AspNetCore.Server.InterceptorCollection interceptors)
    {
        interceptors.Add<Services.FailureInterceptor>();
        interceptors.Add<CallerInterceptor>();
    }
}
