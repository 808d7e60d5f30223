namespace Trellis.Optimizers;

/// <summary>Adamax (Adam with the infinity norm), with the update rule and state names of tf.keras 2.</summary>
/// <remarks>
/// m = b1 m + (1 - b1) g; v = max(b2 v, |g|); var -= lr / (1 - b1^t) m / (v + epsilon). Slots <c>m</c>, <c>v</c>;
/// hyperparameters <c>learning_rate</c>, <c>decay</c>, <c>beta_1</c>, <c>beta_2</c>.
/// </remarks>
public sealed class Adamax : Optimizer
{
    private static readonly string[] s_slots = ["m", "v"];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size (default 0.001).</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the infinity norm.</param>
    /// <param name="epsilon">Added to the denominator.</param>
    /// <param name="decay">Keras 2 time decay of the learning rate.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm, or null.</param>
    /// <param name="clipvalue">Clip gradient elements to [-clipvalue, clipvalue], or null.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm, or null.</param>
    /// <param name="name">The optimizer name.</param>
    public Adamax(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, double decay = 0,
        double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string name = "Adamax")
        : base(name, learningRate, decay, clipnorm, clipvalue, globalClipnorm)
    {
        SetHyper("beta_1", beta1);
        SetHyper("beta_2", beta2);
        Epsilon = epsilon;
    }

    /// <summary>The denominator's epsilon.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> SlotNames => s_slots;

    /// <inheritdoc/>
    protected override void CreateSlots(Variable variable)
    {
        AddSlot(variable, "m");
        AddSlot(variable, "v");
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, OptimizerStep current)
    {
        ArgumentNullException.ThrowIfNull(variable);
        Tensor b1 = Hyper("beta_1"), b2 = Hyper("beta_2");
        var m = Slot(variable, "m");
        var v = Slot(variable, "v");
        m.Assign(Coefficient(b1, m) * m + Coefficient(1 - b1, m) * gradient);
        v.Assign(Ops.Maximum(Coefficient(b2, v) * v, Ops.Abs(gradient)));
        var stepSize = Coefficient(current.LearningRate / (1 - Ops.Pow(b1, current.LocalStep)), variable);
        variable.Assign(variable - stepSize * m / (v + Epsilon));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["beta_1"] = GetHyper("beta_1");
        config["beta_2"] = GetHyper("beta_2");
        config["epsilon"] = Epsilon;
        return config;
    }
}
