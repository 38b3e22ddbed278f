namespace RsPipeline.Host.Configuration;

/// <summary>The chosen configuration profile (or the base file) does not exist: a configuration error, exit code 2.</summary>
public sealed class ProfileNotFoundException : FileNotFoundException
{
    /// <summary>Creates the exception for the missing <paramref name="fileName"/>.</summary>
    public ProfileNotFoundException(string message, string fileName)
        : base(message, fileName)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ProfileNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProfileNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ProfileNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
