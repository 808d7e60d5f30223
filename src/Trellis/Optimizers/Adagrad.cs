namespace Trellis.Optimizers;

/// <summary>Adagrad, with the update rule and state names of tf.keras 2.</summary>
/// <remarks>
/// accumulator += g²; var -= lr g / (sqrt(accumulator) + epsilon). Slot <c>accumulator</c> (starting at
/// <c>initialAccumulatorValue</c>); hyperparameters <c>learning_rate</c>, <c>decay</c>.
/// </remarks>
public sealed class Adagrad : Optimizer
{
    private static readonly string[] s_slots = ["accumulator"];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size (default 0.001).</param>
    /// <param name="initialAccumulatorValue">The accumulator's starting value.</param>
    /// <param name="epsilon">Added to the denominator.</param>
    /// <param name="decay">Keras 2 time decay of the learning rate.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm, or null.</param>
    /// <param name="clipvalue">Clip gradient elements to [-clipvalue, clipvalue], or null.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm, or null.</param>
    /// <param name="name">The optimizer name.</param>
    public Adagrad(double learningRate = 0.001, double initialAccumulatorValue = 0.1, double epsilon = 1e-7, double decay = 0,
        double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string name = "Adagrad")
        : base(name, learningRate, decay, clipnorm, clipvalue, globalClipnorm)
    {
        InitialAccumulatorValue = initialAccumulatorValue;
        Epsilon = epsilon;
    }

    /// <summary>The accumulator's starting value.</summary>
    public double InitialAccumulatorValue { get; }

    /// <summary>The denominator's epsilon.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> SlotNames => s_slots;

    /// <inheritdoc/>
    protected override void CreateSlots(Variable variable) => AddSlot(variable, "accumulator", InitialAccumulatorValue);

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, OptimizerStep current)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var acc = Slot(variable, "accumulator");
        acc.Assign(acc + Ops.Square(gradient));
        variable.Assign(variable - Coefficient(current.LearningRate, variable) * gradient / (Ops.Sqrt(acc) + Epsilon));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["initial_accumulator_value"] = InitialAccumulatorValue;
        config["epsilon"] = Epsilon;
        return config;
    }
}
