namespace Trellis.Metrics;

/// <summary>true positives / (true positives + false positives) at a threshold.</summary>
/// <param name="threshold">Predictions above it count as positive.</param>
/// <param name="name">The name shown in logs.</param>
public sealed class Precision(double threshold = 0.5, string name = "precision") : ConfusionCounts(name, threshold, "false_positives")
{
    private protected override bool IsCountedFalse(bool predicted, bool actual) => predicted && !actual;
}
