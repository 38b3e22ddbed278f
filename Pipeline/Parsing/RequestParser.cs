namespace RsPipeline.Pipeline.Parsing;

/// <summary>The parse stage's work: fill a request's pooled vector from its text or its typed floats.</summary>
internal static class RequestParser
{
    /// <summary>Parses <paramref name="item"/>'s features into its rented vector.</summary>
    /// <returns>null when the vector is ready, else why the request is invalid.</returns>
    public static string? Parse(RecallWorkItem item, int dimension)
    {
        var request = item.Request;
        var vector = item.RentVector(dimension).AsSpan(0, dimension);
        if (request.FeatureText is { } text)
        {
            return FeatureParser.TryParse(text, dimension, vector);
        }

        var features = request.Features!.Value.Span;
        var error = FeatureParser.Validate(features, dimension);
        if (error is null)
        {
            features.CopyTo(vector);
        }

        return error;
    }
}
