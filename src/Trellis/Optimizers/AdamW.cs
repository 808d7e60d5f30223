namespace Trellis.Optimizers;

/// <summary>AdamW: Adam with decoupled weight decay (Loshchilov &amp; Hutter, 2019), as Keras 3's <c>AdamW</c>.</summary>
/// <remarks>
/// Before each Adam step the variable shrinks by its own weight decay, independently of the gradient:
/// var -= var · weight_decay · lr; then the Adam update of <see cref="Adam"/> runs with the gradient as computed.
/// State and slots are Adam's.
/// </remarks>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size (default 0.001).</param>
    /// <param name="weightDecay">Decoupled decay rate per unit of learning rate (Keras default 0.004).</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="epsilon">Added to the denominator.</param>
    /// <param name="amsgrad">Use the running maximum of the second moment.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm, or null.</param>
    /// <param name="clipvalue">Clip gradient elements to [-clipvalue, clipvalue], or null.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm, or null.</param>
    /// <param name="name">The optimizer name.</param>
    /// <exception cref="ArgumentOutOfRangeException">The weight decay is negative.</exception>
    public AdamW(double learningRate = 0.001, double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7,
        bool amsgrad = false, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string name = "AdamW")
        : base(learningRate, beta1, beta2, epsilon, amsgrad, decay: 0, clipnorm, clipvalue, globalClipnorm, name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        WeightDecay = weightDecay;
    }

    /// <summary>The decoupled weight decay rate.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, OptimizerStep current)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (WeightDecay != 0)
        {
            variable.Assign(variable - variable * Coefficient(current.LearningRate * WeightDecay, variable));
        }
        base.UpdateStep(gradient, variable, current);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["weight_decay"] = WeightDecay;
        return config;
    }
}
