namespace Trellis.Metrics;

/// <summary>
/// A metric updated from targets and predictions batch by batch (as opposed to <see cref="Mean"/>, which takes values):
/// the shape of metric that <c>Model.Compile</c> can drive.
/// </summary>
public interface IPredictionMetric
{
    /// <summary>The name shown in training logs.</summary>
    string Name { get; }

    /// <summary>Accumulates a batch.</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <param name="sampleWeight">Per-sample weights, or null.</param>
    void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null);

    /// <summary>The current value.</summary>
    /// <returns>A float32 scalar.</returns>
    Tensor Result();

    /// <summary>Starts over.</summary>
    void Reset();
}
