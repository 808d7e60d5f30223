namespace Trellis.Metrics;

/// <summary>
/// Base of Precision and Recall: predictions above a threshold counted against binary targets (Keras's confusion
/// metrics with one threshold). State: <c>true_positives</c> and <c>false_positives</c> or <c>false_negatives</c>,
/// float32 scalars holding weighted counts.
/// </summary>
public abstract class ConfusionCounts : Metric, IPredictionMetric
{
    private readonly Variable _truePositives;
    private readonly Variable _falses;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">The name shown in logs; null gives the Keras default (<paramref name="defaultName"/>, then with <c>_1</c>, <c>_2</c>...).</param>
    /// <param name="defaultName">The snake_case class name.</param>
    /// <param name="threshold">Predictions above it count as positive.</param>
    /// <param name="falsesName">The state name of the false counts (<c>false_positives</c> or <c>false_negatives</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is outside [0, 1].</exception>
    private protected ConfusionCounts(string? name, string defaultName, double threshold, string falsesName)
        : base(name ?? MetricNames.Unique(defaultName))
    {
        if (!(threshold >= 0 && threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"{GetType().Name} expects a threshold in [0, 1] (Keras's default is 0.5).");
        }
        Threshold = threshold;
        _truePositives = AddStateVariable("true_positives");
        _falses = AddStateVariable(falsesName);
    }

    /// <summary>The decision threshold.</summary>
    public double Threshold { get; }

    /// <summary>Counts a batch; each prediction counts with its sample's weight.</summary>
    /// <param name="yTrue">Binary targets (nonzero is positive), any shape.</param>
    /// <param name="yPred">Scores, same number of elements.</param>
    /// <param name="sampleWeight">Weights of shape (batch) or broadcastable to <paramref name="yPred"/>'s shape, or null for ones.</param>
    /// <exception cref="ArgumentException">The element counts differ, or the weights do not broadcast.</exception>
    public void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yTrue.Size != yPred.Size)
        {
            throw new ArgumentException($"{GetType().Name} '{Name}' expects targets and predictions with the same number of elements; received {yTrue.Shape} and {yPred.Shape}.", nameof(yTrue));
        }
        var weights = MetricWeights.Broadcast(sampleWeight, yPred.Shape, $"{GetType().Name} '{Name}'");
        double tp = 0, falses = 0;
        for (int i = 0; i < yPred.Size; i++)
        {
            bool predicted = yPred.GetAsDouble(i) > Threshold, actual = yTrue.GetAsDouble(i) != 0;
            double w = weights?.GetAsDouble(i) ?? 1;
            tp += predicted && actual ? w : 0;
            falses += IsCountedFalse(predicted, actual) ? w : 0;
        }
        _truePositives.Assign(Tensor.Scalar(_truePositives.GetAsDouble(0) + tp, DType.Float32));
        _falses.Assign(Tensor.Scalar(_falses.GetAsDouble(0) + falses, DType.Float32));
    }

    /// <inheritdoc/>
    public override Tensor Result()
    {
        double tp = _truePositives.GetAsDouble(0), denominator = tp + _falses.GetAsDouble(0);
        return Tensor.Scalar(denominator == 0 ? 0 : tp / denominator, DType.Float32);
    }

    /// <summary>The Keras config: <c>name</c>, <c>dtype</c>, <c>thresholds</c>, <c>top_k</c> (null), <c>class_id</c> (null).</summary>
    /// <returns>A new dictionary.</returns>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["thresholds"] = Threshold;
        config["top_k"] = null;
        config["class_id"] = null;
        return config;
    }

    private protected abstract bool IsCountedFalse(bool predicted, bool actual);
}
