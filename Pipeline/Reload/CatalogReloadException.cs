namespace RsPipeline.Pipeline.Reload;

/// <summary>Why a reload did not happen.</summary>
public enum CatalogReloadFailure
{
    /// <summary>The request itself is wrong (a file that does not exist, an invalid setting).</summary>
    InvalidArgument,

    /// <summary>The files are unusable (corrupt, wrong dimension) or the server is in no state to reload.</summary>
    FailedPrecondition,
}

/// <summary>A reload was refused or failed; the catalogue that was serving still serves.</summary>
public sealed class CatalogReloadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CatalogReloadException(CatalogReloadFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public CatalogReloadException(string message)
        : this(CatalogReloadFailure.FailedPrecondition, message)
    {
    }

    /// <summary>Creates the exception with a message and the failure behind it.</summary>
    public CatalogReloadException(string message, Exception innerException)
        : this(CatalogReloadFailure.FailedPrecondition, message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CatalogReloadException()
        : this("the reload failed")
    {
    }

    /// <summary>Which kind of failure it was (maps to a gRPC status).</summary>
    public CatalogReloadFailure Failure { get; }
}
