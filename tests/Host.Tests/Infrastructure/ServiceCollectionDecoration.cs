using Microsoft.Extensions.DependencyInjection;

namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>Wraps the registered singleton of a service in a decorator, whatever way it was registered.</summary>
public static class ServiceCollectionDecoration
{
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, TService> decorate)
        where TService : class
    {
        var descriptor = services.Last(d => d.ServiceType == typeof(TService));
        services.Remove(descriptor);
        services.AddSingleton(sp => decorate(CreateInner<TService>(sp, descriptor)));
        return services;
    }

    private static TService CreateInner<TService>(IServiceProvider services, ServiceDescriptor descriptor) =>
        (TService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
