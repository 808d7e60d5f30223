namespace Trellis.Optimizers;

/// <summary>Nadam (Adam with Nesterov momentum), with the update rule and state names of tf.keras 2.</summary>
/// <remarks>
/// With mu_t = b1 (1 - 0.5 * 0.96^(0.004 t)) and the running product m_cache of the mu's (a tracked variable,
/// <c>momentum_cache</c>): g' = g / (1 - m_cache_t); m = b1 m + (1 - b1) g; m' = m / (1 - m_cache_t mu_{t+1});
/// v = b2 v + (1 - b2) g²; v' = v / (1 - b2^t); var -= lr ((1 - mu_t) g' + mu_{t+1} m') / (sqrt(v') + epsilon).
/// Slots <c>m</c>, <c>v</c>; hyperparameters <c>learning_rate</c>, <c>decay</c>, <c>beta_1</c>, <c>beta_2</c>.
/// </remarks>
public sealed class Nadam : Optimizer
{
    private static readonly string[] s_slots = ["m", "v"];
    private readonly Variable _momentumCache;
    // This step's momentum schedule (float64 scalar tensors, symbolic inside a trace), set by PrepareStep.
    private Tensor? _muT;
    private Tensor? _muNext;
    private Tensor? _scheduleNew;
    private Tensor? _scheduleNext;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size (default 0.001).</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="epsilon">Added to the denominator.</param>
    /// <param name="decay">Keras 2 time decay of the learning rate.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm, or null.</param>
    /// <param name="clipvalue">Clip gradient elements to [-clipvalue, clipvalue], or null.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm, or null.</param>
    /// <param name="name">The optimizer name.</param>
    public Nadam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, double decay = 0,
        double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string name = "Nadam")
        : base(name, learningRate, decay, clipnorm, clipvalue, globalClipnorm)
    {
        SetHyper("beta_1", beta1);
        SetHyper("beta_2", beta2);
        Epsilon = epsilon;
        _momentumCache = AddStateVariable("momentum_cache", 1.0);
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
    protected override void PrepareStep(OptimizerStep current)
    {
        var b1 = Hyper("beta_1");
        var decayBase = Tensor.Scalar(0.96, DType.Float64);
        _muT = b1 * (1 - 0.5 * Ops.Pow(decayBase, current.LocalStep * 0.004));
        _muNext = b1 * (1 - 0.5 * Ops.Pow(decayBase, (current.LocalStep + 1) * 0.004));
        // NOTE: the cache is a float32 variable in tf.keras 2, so the product is rounded to float32 each step.
        var scheduleNew = Ops.Cast(Ops.Cast(_momentumCache, DType.Float64) * _muT, DType.Float32);
        _scheduleNew = Ops.Cast(scheduleNew, DType.Float64);
        _scheduleNext = _scheduleNew * _muNext;
        _momentumCache.Assign(scheduleNew);
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, OptimizerStep current)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(variable);
        Tensor b1 = Hyper("beta_1"), b2 = Hyper("beta_2");
        var m = Slot(variable, "m");
        var v = Slot(variable, "v");
        var gPrime = gradient / Coefficient(1 - _scheduleNew!, gradient);
        m.Assign(Coefficient(b1, m) * m + Coefficient(1 - b1, m) * gradient);
        var mPrime = m / Coefficient(1 - _scheduleNext!, m);
        v.Assign(Coefficient(b2, v) * v + Coefficient(1 - b2, v) * Ops.Square(gradient));
        var vPrime = v / Coefficient(1 - Ops.Pow(b2, current.LocalStep), v);
        var mBar = Coefficient(1 - _muT!, m) * gPrime + Coefficient(_muNext!, m) * mPrime;
        variable.Assign(variable - Coefficient(current.LearningRate, variable) * mBar / (Ops.Sqrt(vPrime) + Epsilon));
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
