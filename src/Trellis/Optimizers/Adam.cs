using Trellis.Operations;

namespace Trellis.Optimizers;

/// <summary>Adam, with the update rule and state names of tf.keras 2.</summary>
/// <remarks>
/// With t = iterations + 1: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g²;
/// lr_t = lr sqrt(1 - b2^t) / (1 - b1^t); var -= lr_t m / (sqrt(v) + epsilon). With amsgrad, vhat = max(vhat, v)
/// replaces v in the denominator. Note the epsilon placement (outside the bias correction), which differs from
/// PyTorch's. Slots: <c>m</c>, <c>v</c> (and <c>vhat</c>); hyperparameters <c>learning_rate</c>, <c>decay</c>,
/// <c>beta_1</c>, <c>beta_2</c>.
/// </remarks>
public class Adam : Optimizer
{
    private static readonly string[] s_slots = ["m", "v"];
    private static readonly string[] s_amsgradSlots = ["m", "v", "vhat"];

    // This step's float64 scalars (symbolic inside a trace) and their casts per variable dtype, set by PrepareStep.
    private (Tensor LrT, Tensor Beta1, Tensor Beta2) _step;
    private readonly Dictionary<DType, Tensor[]> _coefficients = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size (default 0.001).</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="epsilon">Added to the denominator.</param>
    /// <param name="amsgrad">Use the running maximum of the second moment.</param>
    /// <param name="decay">Keras 2 time decay of the learning rate.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm, or null.</param>
    /// <param name="clipvalue">Clip gradient elements to [-clipvalue, clipvalue], or null.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm, or null.</param>
    /// <param name="name">The optimizer name.</param>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false,
        double decay = 0, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string name = "Adam")
        : base(name, learningRate, decay, clipnorm, clipvalue, globalClipnorm)
    {
        SetHyper("beta_1", beta1);
        SetHyper("beta_2", beta2);
        Epsilon = epsilon;
        Amsgrad = amsgrad;
    }

    /// <summary>The denominator's epsilon.</summary>
    public double Epsilon { get; }

    /// <summary>Whether AMSGrad is used.</summary>
    public bool Amsgrad { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> SlotNames => Amsgrad ? s_amsgradSlots : s_slots;

    /// <inheritdoc/>
    protected override void CreateSlots(Variable variable)
    {
        foreach (var name in SlotNames)
        {
            AddSlot(variable, name);
        }
    }

    /// <inheritdoc/>
    protected override void PrepareStep(OptimizerStep current)
    {
        // Once per step, not per variable: the coefficients are shared (in a trace, one set of scalar nodes).
        Tensor b1 = Hyper("beta_1"), b2 = Hyper("beta_2");
        var lrT = current.LearningRate * Ops.Sqrt(1 - Ops.Pow(b2, current.LocalStep)) / (1 - Ops.Pow(b1, current.LocalStep));
        _step = (lrT, b1, b2);
        _coefficients.Clear();
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, OptimizerStep current)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(variable);
        var c = CoefficientsFor(variable.DType);
        var m = Slot(variable, "m");
        var v = Slot(variable, "v");
        if (!Amsgrad)
        {
            // One pass over the variable and its slots instead of eleven element-wise ops (issue 7's fused Adam).
            OpDispatcher.Run(ApplyAdamOp.Instance, variable, m, v, gradient, c[0], c[1], c[2], c[3], c[4], c[5]);
            return;
        }
        m.Assign(c[1] * m + c[2] * gradient);
        v.Assign(c[3] * v + c[4] * Ops.Square(gradient));
        var vhat = Slot(variable, "vhat");
        vhat.Assign(Ops.Maximum(vhat, v));
        variable.Assign(variable - c[0] * m / (Ops.Sqrt(vhat) + c[5]));
    }

    /// <summary>lr_t, β1, 1−β1, β2, 1−β2 and ε of this step, rounded once from float64 to <paramref name="dtype"/>.</summary>
    private Tensor[] CoefficientsFor(DType dtype)
    {
        if (!_coefficients.TryGetValue(dtype, out var c))
        {
            var (lrT, b1, b2) = _step;
            c = [Cast(lrT), Cast(b1), Cast(1 - b1), Cast(b2), Cast(1 - b2), Tensor.Scalar(Epsilon, dtype)];
            _coefficients[dtype] = c;
        }
        return c;

        Tensor Cast(Tensor value) => dtype == DType.Float64 ? value : Ops.Cast(value, dtype);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["beta_1"] = GetHyper("beta_1");
        config["beta_2"] = GetHyper("beta_2");
        config["epsilon"] = Epsilon;
        config["amsgrad"] = Amsgrad;
        return config;
    }
}
