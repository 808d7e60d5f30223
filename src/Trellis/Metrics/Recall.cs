namespace Trellis.Metrics;

/// <summary>true positives / (true positives + false negatives) at a threshold.</summary>
/// <param name="threshold">Predictions above it count as positive.</param>
/// <param name="name">The name shown in logs.</param>
public sealed class Recall(double threshold = 0.5, string name = "recall") : ConfusionCounts(name, threshold, "false_negatives")
{
    private protected override bool IsCountedFalse(bool predicted, bool actual) => !predicted && actual;
}
