namespace RsPipeline.Host.Configuration;

/// <summary>The profile name is not a plain file name: a configuration error, exit code 2.</summary>
public sealed class InvalidProfileNameException : ArgumentException
{
    /// <summary>Creates the exception naming the offending argument.</summary>
    public InvalidProfileNameException(string message, string paramName)
        : base(message, paramName)
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvalidProfileNameException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidProfileNameException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public InvalidProfileNameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
