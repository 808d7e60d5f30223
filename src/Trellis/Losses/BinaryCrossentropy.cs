namespace Trellis.Losses;

/// <summary>Binary cross-entropy, averaged over the last axis.</summary>
/// <remarks>
/// Probabilities: p = clip(yPred, 1e-7, 1 - 1e-7), loss = -mean(y log p + (1 - y) log(1 - p)). Logits (stable):
/// mean(max(x, 0) - x y + log(1 + exp(-|x|))).
/// </remarks>
/// <param name="fromLogits">Whether predictions are logits rather than probabilities.</param>
/// <param name="labelSmoothing">Smoothing in [0, 1]: y becomes y (1 - s) + s / 2.</param>
/// <param name="reduction"><c>sum_over_batch_size</c>, <c>sum</c> or <c>none</c>.</param>
/// <param name="name">The loss name.</param>
public sealed class BinaryCrossentropy(bool fromLogits = false, double labelSmoothing = 0.0, string reduction = "sum_over_batch_size", string name = "binary_crossentropy")
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
            y = y * (1.0 - LabelSmoothing) + 0.5 * LabelSmoothing;
        }
        Tensor values;
        if (FromLogits)
        {
            values = Ops.Relu(yPred) - yPred * y + Ops.Log1p(Ops.Exp(-Ops.Abs(yPred)));
        }
        else
        {
            var p = Ops.Clip(yPred, Epsilon, 1 - Epsilon);
            values = -(y * Ops.Log(p) + (1.0 - y) * Ops.Log(1.0 - p));
        }
        return Ops.Mean(values, -1);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["label_smoothing"] = LabelSmoothing;
        return config;
    }
}
