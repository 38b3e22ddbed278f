using Microsoft.Extensions.Options;

namespace RsPipeline.Catalog;

/// <summary>Checks <see cref="CatalogOptions"/> and reports every problem at once, each naming its configuration key.</summary>
public sealed class CatalogOptionsValidator : IValidateOptions<CatalogOptions>
{
    private const string Prefix = CatalogOptions.SectionName + ":";

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, CatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        CheckFile(errors, nameof(CatalogOptions.EmbeddingsPath), options.EmbeddingsPath);
        CheckFile(errors, nameof(CatalogOptions.ItemIdsPath), options.ItemIdsPath);
        if (options.ItemIdsPath is not null && options.EmbeddingsPath is null)
        {
            errors.Add($"{Prefix}ItemIdsPath is set but {Prefix}EmbeddingsPath is not; ids belong to an embeddings file (a synthetic catalogue's ids are its row numbers)");
        }

        if (!Enum.IsDefined(options.Format))
        {
            errors.Add($"{Prefix}Format is {options.Format}: expected one of {string.Join(", ", Enum.GetNames<CatalogFormat>())}");
        }

        CheckSynthetic(errors, options);
        CheckShard(errors, options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckFile(List<string> errors, string key, string? path)
    {
        if (path is not null && !File.Exists(path))
        {
            errors.Add($"{Prefix}{key}: file '{path}' does not exist (resolved as '{Path.GetFullPath(path)}')");
        }
    }

    private static void CheckShard(List<string> errors, CatalogOptions options)
    {
        var shard = options.Shard;
        if (shard.Count < 1)
        {
            errors.Add($"{Prefix}Shard:Count must be ≥ 1, was {shard.Count}");
        }
        else if (shard.Index < 0 || shard.Index >= shard.Count)
        {
            errors.Add($"{Prefix}Shard:Index must be between 0 and {Prefix}Shard:Count - 1 = {shard.Count - 1}, was {shard.Index}");
        }

        if (options.EmbeddingsPath is null && options.SyntheticItemCount >= 1 && shard.Count > options.SyntheticItemCount)
        {
            errors.Add($"{Prefix}Shard:Count is {shard.Count}, more shards than the synthetic catalogue's {options.SyntheticItemCount} rows");
        }

        if (shard.RowOffset is { } offset)
        {
            if (offset < 0)
            {
                errors.Add($"{Prefix}Shard:RowOffset must be ≥ 0, was {offset}");
            }

            if (options.EmbeddingsPath is null)
            {
                errors.Add($"{Prefix}Shard:RowOffset is set but {Prefix}EmbeddingsPath is not; it says where a shard file's rows start in the whole catalogue");
            }

            if (options.Version is null)
            {
                errors.Add($"{Prefix}Shard:RowOffset is set but {Prefix}Version is not; every shard of one catalogue must report the same version (the split tool prints it)");
            }
        }
    }

    private static void CheckSynthetic(List<string> errors, CatalogOptions options)
    {
        if (options.SyntheticItemCount < 1)
        {
            errors.Add($"{Prefix}SyntheticItemCount must be ≥ 1, was {options.SyntheticItemCount}");
        }

        if (options.SyntheticDimension < 1)
        {
            errors.Add($"{Prefix}SyntheticDimension must be ≥ 1, was {options.SyntheticDimension}");
        }

        var values = (long)options.SyntheticItemCount * options.SyntheticDimension;
        if (values > Array.MaxLength)
        {
            errors.Add($"{Prefix}SyntheticItemCount × {Prefix}SyntheticDimension must be ≤ {Array.MaxLength}, was {options.SyntheticItemCount} × {options.SyntheticDimension} = {values}");
        }
    }
}
