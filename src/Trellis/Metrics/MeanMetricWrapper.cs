namespace Trellis.Metrics;

/// <summary>
/// A metric computed per sample from targets and predictions and averaged over all samples seen (Keras
/// <c>MeanMetricWrapper</c>). State: <c>total</c>, <c>count</c>.
/// </summary>
public abstract class MeanMetricWrapper : Metric, IPredictionMetric
{
    private readonly Mean _mean;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">The name shown in logs.</param>
    protected MeanMetricWrapper(string name)
        : base(name) => _mean = new Mean(name);

    /// <summary>Adds a batch.</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <param name="sampleWeight">Per-sample weights, or null.</param>
    public void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        _mean.UpdateState(Values(yTrue, yPred), sampleWeight);
    }

    /// <inheritdoc/>
    public override Tensor Result() => _mean.Result();

    /// <inheritdoc/>
    public override void Reset() => _mean.Reset();

    /// <summary>The per-sample values for a batch (1 for a correct prediction, 0 otherwise, for accuracies).</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <returns>One value per sample (or per element).</returns>
    protected abstract Tensor Values(Tensor yTrue, Tensor yPred);
}
