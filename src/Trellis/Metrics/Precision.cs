namespace Trellis.Metrics;

/// <summary>true positives / (true positives + false positives) at a threshold (Keras <c>Precision</c>).</summary>
/// <param name="threshold">Predictions above it count as positive.</param>
/// <param name="name">The name shown in logs; null gives <c>precision</c>, then <c>precision_1</c>... as Keras 3 does.</param>
public sealed class Precision(double threshold = 0.5, string? name = null) : ConfusionCounts(name, "precision", threshold, "false_positives")
{
    private protected override bool IsCountedFalse(bool predicted, bool actual) => predicted && !actual;
}
