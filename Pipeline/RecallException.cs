namespace RsPipeline.Pipeline;

/// <summary>A request's typed failure: <see cref="Kind"/> says which, the message names the problem.</summary>
public sealed class RecallException : Exception
{
    /// <summary>Creates a failure of the given kind.</summary>
    public RecallException(RecallErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Creates an internal failure.</summary>
    public RecallException()
        : this(RecallErrorKind.Internal, "internal error")
    {
    }

    /// <summary>Creates an internal failure with a message.</summary>
    public RecallException(string message)
        : this(RecallErrorKind.Internal, message)
    {
    }

    /// <summary>Creates an internal failure with a message and cause.</summary>
    public RecallException(string message, Exception innerException)
        : this(RecallErrorKind.Internal, message, innerException)
    {
    }

    /// <summary>Which kind of failure.</summary>
    public RecallErrorKind Kind { get; }

    /// <summary>
    /// Whether the pipeline has already logged this failure with its details where it happened: a
    /// batch whose scoring failed is logged once, with its batch id, not once per caller.
    /// </summary>
    public bool IsLogged { get; init; }
}
