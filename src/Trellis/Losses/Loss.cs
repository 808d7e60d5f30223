namespace Trellis.Losses;

/// <summary>
/// A loss function: per-sample values from <see cref="Call"/>, reduced to a scalar by <see cref="Compute"/>, as a
/// Keras 3 <c>Loss</c>.
/// </summary>
/// <remarks>
/// Reductions: <c>sum_over_batch_size</c> (default) = sum(values * sampleWeight) / number of values; <c>sum</c>;
/// <c>none</c> keeps the per-sample values.
/// </remarks>
public abstract class Loss
{
    /// <summary>Creates a loss.</summary>
    /// <param name="name">The Keras name (<c>categorical_crossentropy</c>...).</param>
    /// <param name="reduction"><c>sum_over_batch_size</c>, <c>sum</c> or <c>none</c>.</param>
    /// <exception cref="ArgumentException">The reduction is unknown.</exception>
    protected Loss(string name, string reduction = "sum_over_batch_size")
    {
        if (reduction is not ("sum_over_batch_size" or "sum" or "none"))
        {
            throw new ArgumentException($"Unknown loss reduction '{reduction}'. Expected 'sum_over_batch_size', 'sum' or 'none'.", nameof(reduction));
        }
        Name = name;
        Reduction = reduction;
    }

    /// <summary>The loss name (also the metric name shown during training).</summary>
    public string Name { get; }

    /// <summary>The reduction mode.</summary>
    public string Reduction { get; }

    /// <summary>The per-sample loss values (the last axis reduced).</summary>
    /// <param name="yTrue">Targets, cast to the predictions' dtype when floating.</param>
    /// <param name="yPred">Predictions.</param>
    /// <returns>Shape of <paramref name="yPred"/> without its last axis.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Keras vocabulary: Loss.call.")]
    public abstract Tensor Call(Tensor yTrue, Tensor yPred);

    /// <summary>The reduced loss: per-sample values times optional weights, reduced by <see cref="Reduction"/>.</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <param name="sampleWeight">Per-sample weights broadcastable to the per-sample values, or null.</param>
    /// <returns>A scalar (or per-sample values when the reduction is <c>none</c>).</returns>
    public Tensor Compute(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var values = Call(yTrue, yPred);
        if (sampleWeight is not null)
        {
            var w = Ops.Cast(sampleWeight, values.DType);
            if (w.Rank > values.Rank && w.Shape[^1] == 1)
            {
                w = Ops.Reshape(w, values.Shape);
            }
            values = values * w;
        }
        return Reduction switch
        {
            "none" => values,
            "sum" => Ops.Sum(values),
            _ => values.Size == 0 ? Tensor.Scalar(0, values.DType) : Ops.Sum(values) / values.Size,
        };
    }

    /// <summary>The Keras 3 config: <c>name</c>, <c>reduction</c> and the loss's own keys.</summary>
    /// <returns>A new dictionary.</returns>
    public virtual Dictionary<string, object?> GetConfig() => new() { ["name"] = Name, ["reduction"] = Reduction };

    /// <summary><paramref name="yTrue"/> cast to the dtype of <paramref name="yPred"/>.</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <returns>The cast targets.</returns>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    protected Tensor MatchTargets(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yTrue.Shape != yPred.Shape)
        {
            if (yTrue.Size == yPred.Size)
            {
                yTrue = Ops.Reshape(yTrue, yPred.Shape);
            }
            else
            {
                throw new ArgumentException($"Loss '{Name}' expected targets of the predictions' shape {yPred.Shape}, but received {yTrue.Shape}.", nameof(yTrue));
            }
        }
        return yTrue.DType == yPred.DType ? yTrue : Ops.Cast(yTrue, yPred.DType);
    }

    /// <summary>Keras's fuzz factor: predictions are clipped to [epsilon, 1 - epsilon] before taking logs.</summary>
    protected const double Epsilon = 1e-7;
}
