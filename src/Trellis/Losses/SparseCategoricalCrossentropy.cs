namespace Trellis.Losses;

/// <summary>Cross-entropy between integer class labels and predicted class probabilities (or logits).</summary>
/// <remarks>Same math as <see cref="CategoricalCrossentropy"/> with the labels one-hot encoded.</remarks>
/// <param name="fromLogits">Whether predictions are logits rather than probabilities.</param>
/// <param name="reduction"><c>sum_over_batch_size</c>, <c>sum</c> or <c>none</c>.</param>
/// <param name="name">The loss name.</param>
public sealed class SparseCategoricalCrossentropy(bool fromLogits = false, string reduction = "sum_over_batch_size", string name = "sparse_categorical_crossentropy")
    : Loss(name, reduction)
{
    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The labels' shape is not the predictions' without the class axis.</exception>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        int classes = yPred.Shape[^1];
        var labels = yTrue;
        if (labels.Rank == yPred.Rank && labels.Shape[^1] == 1)
        {
            labels = Ops.Reshape(labels, yPred.Shape.ToArray()[..^1]);
        }
        if (labels.Size * classes != yPred.Size)
        {
            throw new ArgumentException($"Loss '{Name}' expected integer labels of shape {new Shape(yPred.Shape.Dims[..^1])}, but received {yTrue.Shape}. Use CategoricalCrossentropy for one-hot targets.", nameof(yTrue));
        }
        if (!labels.DType.IsInteger())
        {
            labels = Ops.Cast(labels, DType.Int64);
        }
        var oneHot = Ops.OneHot(labels, classes, dtype: yPred.DType);
        return CrossentropyMath.CrossEntropy(oneHot, yPred, FromLogits, -1);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["from_logits"] = FromLogits;
        return config;
    }
}
