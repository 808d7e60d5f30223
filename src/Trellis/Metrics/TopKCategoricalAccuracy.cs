namespace Trellis.Metrics;

/// <summary>How often the target class (argmax of one-hot yTrue) is among the k highest predictions.</summary>
/// <param name="k">How many top predictions count.</param>
/// <param name="name">The name shown in logs.</param>
public sealed class TopKCategoricalAccuracy(int k = 5, string name = "top_k_categorical_accuracy") : MeanMetricWrapper(name)
{
    /// <summary>How many top predictions count.</summary>
    public int K { get; } = k;

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var target = Ops.ArgMax(yTrue, -1);
        int classes = yPred.Shape[^1], rows = yPred.Size / classes;
        var hits = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            int t = (int)target.GetAsDouble(r);
            double score = yPred.GetAsDouble(r * classes + t);
            int higher = 0;
            for (int c = 0; c < classes; c++)
            {
                // Ties count in the target's favor, as tf.math.in_top_k does.
                higher += yPred.GetAsDouble(r * classes + c) > score ? 1 : 0;
            }
            hits[r] = higher < K ? 1 : 0;
        }
        return Tensor.Constant(hits, [rows]);
    }
}
