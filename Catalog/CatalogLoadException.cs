namespace RsPipeline.Catalog;

/// <summary>
/// A catalogue file could not be used. The message names the file and the problem;
/// <see cref="FilePath"/> and <see cref="Problem"/> give them separately.
/// </summary>
public sealed class CatalogLoadException : Exception
{
    /// <summary>Creates the exception for a problem in one file.</summary>
    public CatalogLoadException(string filePath, string problem, Exception? innerException = null)
        : base($"{filePath}: {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public CatalogLoadException(string message)
        : base(message)
    {
        FilePath = string.Empty;
        Problem = message;
    }

    /// <summary>Creates the exception with a message and the failure behind it.</summary>
    public CatalogLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
        Problem = message;
    }

    /// <summary>Creates the exception.</summary>
    public CatalogLoadException()
        : this("the catalogue could not be loaded")
    {
    }

    /// <summary>The file at fault (as given to the loader), or empty when none is known.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
