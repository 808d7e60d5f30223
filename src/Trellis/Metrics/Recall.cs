namespace Trellis.Metrics;

/// <summary>true positives / (true positives + false negatives) at a threshold (Keras <c>Recall</c>).</summary>
/// <param name="threshold">Predictions above it count as positive.</param>
/// <param name="name">The name shown in logs; null gives <c>recall</c>, then <c>recall_1</c>... as Keras 3 does.</param>
public sealed class Recall(double threshold = 0.5, string? name = null) : ConfusionCounts(name, "recall", threshold, "false_negatives")
{
    private protected override bool IsCountedFalse(bool predicted, bool actual) => !predicted && actual;
}
