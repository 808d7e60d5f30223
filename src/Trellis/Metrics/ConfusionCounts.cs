namespace Trellis.Metrics;

/// <summary>Base of Precision and Recall: thresholded predictions counted against binary targets.</summary>
public abstract class ConfusionCounts : Metric
{
    private readonly Variable _truePositives;
    private readonly Variable _falses;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">The name shown in logs.</param>
    /// <param name="threshold">Predictions above it count as positive.</param>
    /// <param name="falsesName">The state name of the false counts (<c>false_positives</c> or <c>false_negatives</c>).</param>
    private protected ConfusionCounts(string name, double threshold, string falsesName)
        : base(name)
    {
        Threshold = threshold;
        _truePositives = AddStateVariable("true_positives");
        _falses = AddStateVariable(falsesName);
    }

    /// <summary>The decision threshold.</summary>
    public double Threshold { get; }

    /// <summary>Counts a batch.</summary>
    /// <param name="yTrue">Binary targets (nonzero is positive).</param>
    /// <param name="yPred">Scores, same number of elements.</param>
    public void UpdateState(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        double tp = 0, falses = 0;
        for (int i = 0; i < yPred.Size; i++)
        {
            bool predicted = yPred.GetAsDouble(i) > Threshold, actual = yTrue.GetAsDouble(i) != 0;
            tp += predicted && actual ? 1 : 0;
            falses += IsCountedFalse(predicted, actual) ? 1 : 0;
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

    private protected abstract bool IsCountedFalse(bool predicted, bool actual);
}
