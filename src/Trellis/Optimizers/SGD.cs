namespace Trellis.Optimizers;

/// <summary>Stochastic gradient descent with optional (Nesterov) momentum, as tf.keras 2.</summary>
/// <remarks>
/// Without momentum: var -= lr g. With momentum: velocity = momentum velocity - lr g; var += velocity (or, with
/// Nesterov, var += momentum velocity - lr g). Slot <c>momentum</c> when momentum &gt; 0; hyperparameters
/// <c>learning_rate</c>, <c>decay</c>, <c>momentum</c>.
/// </remarks>
public sealed class SGD : Optimizer
{
    private static readonly string[] s_momentumSlots = ["momentum"];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size (default 0.01).</param>
    /// <param name="momentum">Momentum in [0, 1].</param>
    /// <param name="nesterov">Use Nesterov momentum.</param>
    /// <param name="decay">Keras 2 time decay of the learning rate.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm, or null.</param>
    /// <param name="clipvalue">Clip gradient elements to [-clipvalue, clipvalue], or null.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm, or null.</param>
    /// <param name="name">The optimizer name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="momentum"/> is outside [0, 1].</exception>
    public SGD(double learningRate = 0.01, double momentum = 0.0, bool nesterov = false, double decay = 0,
        double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string name = "SGD")
        : base(name, learningRate, decay, clipnorm, clipvalue, globalClipnorm)
    {
        if (!(momentum >= 0 && momentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "SGD expects a momentum in [0, 1].");
        }
        SetHyper("momentum", momentum);
        HasMomentum = momentum > 0;
        Nesterov = nesterov;
    }

    /// <summary>Whether the momentum slot is used.</summary>
    public bool HasMomentum { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> SlotNames => HasMomentum ? s_momentumSlots : [];

    /// <inheritdoc/>
    protected override void CreateSlots(Variable variable)
    {
        if (HasMomentum)
        {
            AddSlot(variable, "momentum");
        }
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, OptimizerStep current)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var lr = Coefficient(current.LearningRate, variable);
        if (!HasMomentum)
        {
            variable.Assign(variable - lr * gradient);
            return;
        }
        var momentum = Coefficient(Hyper("momentum"), variable);
        var velocity = Slot(variable, "momentum");
        velocity.Assign(momentum * velocity - lr * gradient);
        variable.Assign(Nesterov ? variable + (momentum * velocity - lr * gradient) : variable + velocity);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["momentum"] = GetHyper("momentum");
        config["nesterov"] = Nesterov;
        return config;
    }
}
