namespace RsPipeline.Pipeline.Inference.Tower;

/// <summary>The user tower could not be used; the message names the file and the problem.</summary>
public sealed class UserTowerLoadException : Exception
{
    /// <summary>Creates the exception for a problem with the tower in <paramref name="filePath"/>.</summary>
    public UserTowerLoadException(string filePath, string problem, Exception? innerException = null)
        : base($"user tower {filePath}: {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public UserTowerLoadException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Creates the exception with a message and the failure behind it.</summary>
    public UserTowerLoadException(string message, Exception innerException)
        : this(string.Empty, message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public UserTowerLoadException()
        : this("the user tower could not be loaded")
    {
    }

    /// <summary>The tower file (as configured), or empty when none is known.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
