namespace RsPipeline.Pipeline.Inference;
/// <summary>Builds one kind of scorer over a catalogue; the host registers one provider per kind it supports.</summary>
public interface IItemScorerProvider
{
    /// <summary>The value of Inference:Scorer this provider serves.</summary>
    ScorerKind Kind { get; }
    /// <summary>Builds the scorer over <paramref name="catalog"/>; the caller owns (disposes) it.</summary>
    IItemScorer Create(ItemCatalog catalog);
}
