namespace Trellis.Optimizers;

/// <summary>RMSprop, with the update rule and state names of tf.keras 2.</summary>
/// <remarks>
/// rms = rho rms + (1 - rho) g²; centered: mg = rho mg + (1 - rho) g and denom = rms - mg², else denom = rms.
/// Without momentum: var -= lr g / (sqrt(denom) + epsilon). With momentum:
/// mom = momentum mom + lr g / sqrt(denom + epsilon); var -= mom (TensorFlow's fused kernel puts epsilon inside the
/// root). Slots <c>rms</c>, <c>momentum</c> (momentum &gt; 0), <c>mg</c> (centered); hyperparameters
/// <c>learning_rate</c>, <c>decay</c>, <c>rho</c>, <c>momentum</c>.
/// </remarks>
public sealed class RMSprop : Optimizer
{
    private readonly string[] _slotNames;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size (default 0.001).</param>
    /// <param name="rho">Decay of the squared-gradient average.</param>
    /// <param name="momentum">Momentum in [0, 1].</param>
    /// <param name="epsilon">Added to the denominator.</param>
    /// <param name="centered">Normalize by the gradient's estimated variance instead of its second moment.</param>
    /// <param name="decay">Keras 2 time decay of the learning rate.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm, or null.</param>
    /// <param name="clipvalue">Clip gradient elements to [-clipvalue, clipvalue], or null.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm, or null.</param>
    /// <param name="name">The optimizer name.</param>
    public RMSprop(double learningRate = 0.001, double rho = 0.9, double momentum = 0.0, double epsilon = 1e-7, bool centered = false,
        double decay = 0, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string name = "RMSprop")
        : base(name, learningRate, decay, clipnorm, clipvalue, globalClipnorm)
    {
        SetHyper("rho", rho);
        SetHyper("momentum", momentum);
        Epsilon = epsilon;
        Centered = centered;
        HasMomentum = momentum > 0;
        var names = new List<string> { "rms" };
        if (HasMomentum)
        {
            names.Add("momentum");
        }
        if (centered)
        {
            names.Add("mg");
        }
        _slotNames = [.. names];
    }

    /// <summary>The denominator's epsilon.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the centered variant is used.</summary>
    public bool Centered { get; }

    /// <summary>Whether the momentum slot is used.</summary>
    public bool HasMomentum { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> SlotNames => _slotNames;

    /// <inheritdoc/>
    protected override void CreateSlots(Variable variable)
    {
        foreach (var name in _slotNames)
        {
            AddSlot(variable, name);
        }
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, OptimizerStep current)
    {
        ArgumentNullException.ThrowIfNull(variable);
        Tensor rho = Coefficient(Hyper("rho"), variable), oneMinusRho = Coefficient(1 - Hyper("rho"), variable);
        var learningRate = Coefficient(current.LearningRate, variable);
        var rms = Slot(variable, "rms");
        rms.Assign(rho * rms + oneMinusRho * Ops.Square(gradient));
        Tensor denominator = rms;
        if (Centered)
        {
            var mg = Slot(variable, "mg");
            mg.Assign(rho * mg + oneMinusRho * gradient);
            denominator = rms - Ops.Square(mg);
        }
        if (HasMomentum)
        {
            var mom = Slot(variable, "momentum");
            mom.Assign(Coefficient(Hyper("momentum"), variable) * mom + learningRate * gradient / Ops.Sqrt(denominator + Epsilon));
            variable.Assign(variable - mom);
        }
        else
        {
            variable.Assign(variable - learningRate * gradient / (Ops.Sqrt(denominator) + Epsilon));
        }
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["rho"] = GetHyper("rho");
        config["momentum"] = GetHyper("momentum");
        config["epsilon"] = Epsilon;
        config["centered"] = Centered;
        return config;
    }
}
