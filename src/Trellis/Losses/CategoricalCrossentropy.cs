namespace Trellis.Losses;

/// <summary>Cross-entropy between one-hot (or soft) targets and predicted class probabilities.</summary>
/// <remarks>
/// Probabilities: p = clip(yPred / sum(yPred), 1e-7, 1 - 1e-7), loss = -sum(y log p). Logits:
/// loss = -sum(y log_softmax(yPred)). Label smoothing replaces y by y (1 - s) + s / classes. As in Keras, when the
/// probabilities are the output of a last-axis softmax (a Dense layer with <c>activation: "softmax"</c>), the loss is
/// computed from that softmax's logits, in one fused op.
/// </remarks>
/// <param name="fromLogits">Whether predictions are logits rather than probabilities.</param>
/// <param name="labelSmoothing">Smoothing in [0, 1].</param>
/// <param name="axis">The class axis.</param>
/// <param name="reduction"><c>sum_over_batch_size</c>, <c>sum</c> or <c>none</c>.</param>
/// <param name="name">The loss name.</param>
public sealed class CategoricalCrossentropy(bool fromLogits = false, double labelSmoothing = 0.0, int axis = -1, string reduction = "sum_over_batch_size", string name = "categorical_crossentropy")
    : Loss(name, reduction)
{
    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <summary>The label smoothing.</summary>
    public double LabelSmoothing { get; } = labelSmoothing;

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        var y = MatchTargets(yTrue, yPred);
        if (LabelSmoothing > 0)
        {
            int classes = yPred.Shape[axis];
            y = y * (1.0 - LabelSmoothing) + LabelSmoothing / classes;
        }
        return CrossentropyMath.CrossEntropy(y, yPred, FromLogits, axis);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["label_smoothing"] = LabelSmoothing;
        config["axis"] = axis;
        return config;
    }
}
