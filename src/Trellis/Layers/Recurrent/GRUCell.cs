using Trellis.Activations;
using Trellis.Initializers;
using Trellis.Regularizers;

namespace Trellis.Layers;

/// <summary>One step of a gated recurrent unit layer, as Keras <c>GRUCell</c>.</summary>
/// <remarks>
/// <para>Weights (Keras layout, gate blocks in the order z, r, h along the last axis): <c>kernel</c>
/// (features, 3 units), <c>recurrent_kernel</c> (units, 3 units), <c>bias</c> (2, 3 units) with
/// <c>resetAfter</c> (row 0 the input bias, row 1 the recurrent bias) or (3 units) without.</para>
/// <para>x_z, x_r, x_h = x·kernel (+ input bias); z = σ(x_z + h·R_z (+ b_z)), r = σ(x_r + h·R_r (+ b_r)).
/// Candidate with <c>resetAfter</c> (Keras default, CuDNN and PyTorch convention; ONNX <c>linear_before_reset=1</c>):
/// ĥ = tanh(x_h + r ⊙ (h·R_h + b_h)); without (the original paper; ONNX default): ĥ = tanh(x_h + (r ⊙ h)·R_h).
/// Then h' = z ⊙ h + (1 − z) ⊙ ĥ. The state is [h].</para>
/// </remarks>
public sealed class GRUCell : RecurrentCell
{
    private readonly Func<Tensor, Tensor> _recurrentActivation;
    private Variable? _kernel;
    private Variable? _recurrentKernel;
    private Variable? _bias;

    /// <summary>Creates the cell.</summary>
    /// <param name="units">The size of h.</param>
    /// <param name="activation">Activation of the candidate (<c>tanh</c>).</param>
    /// <param name="recurrentActivation">Activation of the gates (<c>sigmoid</c>).</param>
    /// <param name="useBias">Whether to add biases.</param>
    /// <param name="kernelInitializer">Initializer of <c>kernel</c>.</param>
    /// <param name="recurrentInitializer">Initializer of <c>recurrent_kernel</c>.</param>
    /// <param name="biasInitializer">Initializer of <c>bias</c>.</param>
    /// <param name="resetAfter">Apply the reset gate after the recurrent matrix product (Keras 3 default true).</param>
    /// <param name="kernelRegularizer">Penalty on <c>kernel</c>, or null.</param>
    /// <param name="recurrentRegularizer">Penalty on <c>recurrent_kernel</c>, or null.</param>
    /// <param name="biasRegularizer">Penalty on <c>bias</c>, or null.</param>
    /// <param name="name">The layer name; <c>gru_cell</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException"><paramref name="units"/> is not positive, or a name is unknown.</exception>
    public GRUCell(int units, string? activation = "tanh", string? recurrentActivation = "sigmoid", bool useBias = true,
        string kernelInitializer = "glorot_uniform", string recurrentInitializer = "orthogonal", string biasInitializer = "zeros",
        bool resetAfter = true, IRegularizer? kernelRegularizer = null, IRegularizer? recurrentRegularizer = null,
        IRegularizer? biasRegularizer = null, string? name = null, DType dtype = DType.Float32)
        : this(units, activation, recurrentActivation, useBias, InitializerRegistry.Get(kernelInitializer), InitializerRegistry.Get(recurrentInitializer),
            InitializerRegistry.Get(biasInitializer), resetAfter, kernelRegularizer, recurrentRegularizer, biasRegularizer, name, dtype)
    {
    }

    private GRUCell(int units, string? activation, string? recurrentActivation, bool useBias, IInitializer kernelInitializer, IInitializer recurrentInitializer,
        IInitializer biasInitializer, bool resetAfter, IRegularizer? kernelRegularizer, IRegularizer? recurrentRegularizer, IRegularizer? biasRegularizer,
        string? name, DType dtype)
        : base(units, activation, name, dtype)
    {
        RecurrentActivationName = recurrentActivation ?? "linear";
        _recurrentActivation = ActivationFunctions.Get(recurrentActivation);
        UseBias = useBias;
        KernelInitializer = kernelInitializer;
        RecurrentInitializer = recurrentInitializer;
        BiasInitializer = biasInitializer;
        ResetAfter = resetAfter;
        KernelRegularizer = kernelRegularizer;
        RecurrentRegularizer = recurrentRegularizer;
        BiasRegularizer = biasRegularizer;
    }

    /// <summary>The Keras name of the gate activation.</summary>
    public string RecurrentActivationName { get; }

    /// <summary>Whether biases are added.</summary>
    public bool UseBias { get; }

    /// <summary>Whether the reset gate multiplies h·R_h (true) or h (false).</summary>
    public bool ResetAfter { get; }

    /// <summary>The kernel initializer.</summary>
    public IInitializer KernelInitializer { get; }

    /// <summary>The recurrent kernel initializer.</summary>
    public IInitializer RecurrentInitializer { get; }

    /// <summary>The bias initializer.</summary>
    public IInitializer BiasInitializer { get; }

    /// <summary>The kernel penalty, or null.</summary>
    public IRegularizer? KernelRegularizer { get; }

    /// <summary>The recurrent kernel penalty, or null.</summary>
    public IRegularizer? RecurrentRegularizer { get; }

    /// <summary>The bias penalty, or null.</summary>
    public IRegularizer? BiasRegularizer { get; }

    /// <summary>The kernel (features, 3 units), gate blocks z, r, h; null before building.</summary>
    public Variable? Kernel => _kernel;

    /// <summary>The recurrent kernel (units, 3 units), gate blocks z, r, h; null before building.</summary>
    public Variable? RecurrentKernel => _recurrentKernel;

    /// <summary>The bias: (2, 3 units) with <see cref="ResetAfter"/>, else (3 units); null before building or without bias.</summary>
    public Variable? Bias => _bias;

    /// <inheritdoc/>
    public override IReadOnlyList<int> StateSizes => [Units];

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int features = RecurrentShapes.KnownLastAxis(this, inputShape);
        _kernel = AddWeight("kernel", [features, 3 * Units], KernelInitializer, KernelRegularizer);
        _recurrentKernel = AddWeight("recurrent_kernel", [Units, 3 * Units], RecurrentInitializer, RecurrentRegularizer);
        if (UseBias)
        {
            Shape biasShape = ResetAfter ? [2, 3 * Units] : [3 * Units];
            _bias = AddWeight("bias", biasShape, BiasInitializer, BiasRegularizer);
        }
        InputSpec = new InputSpec(Rank: 2, Axes: new Dictionary<int, int> { [-1] = features });
    }

    private protected override Tensor ProjectInputs(Tensor inputs)
    {
        Tensor projected = Ops.MatMul(inputs, _kernel!);                    // (N, 3U)
        if (_bias is null)
        {
            return projected;
        }
        // reset_after: row 0 of the (2, 3U) bias is the input bias; otherwise the (3U) bias is.
        return projected + (ResetAfter ? Ops.Split(_bias, 2, axis: 0)[0] : _bias);
    }

    private protected override RecurrentOutput StepProjected(Tensor projected, IReadOnlyList<Tensor> states, bool training)
    {
        Tensor h = states[0];                                       // (B, U)
        Tensor hDropped = DropState(h);                             // only the recurrent products see dropout
        Tensor[] x = Ops.Split(projected, 3, axis: 1);              // x_z, x_r, x_h: (B, U) each
        Tensor z, candidate;
        if (ResetAfter)
        {
            Tensor matrixInner = Ops.MatMul(hDropped, _recurrentKernel!);   // (B, 3U)
            if (_bias is not null)
            {
                matrixInner += Ops.Split(_bias, 2, axis: 0)[1];             // the recurrent bias, (1, 3U)
            }
            Tensor[] rec = Ops.Split(matrixInner, 3, axis: 1);
            z = _recurrentActivation(x[0] + rec[0]);
            Tensor r = _recurrentActivation(x[1] + rec[1]);
            candidate = Activation(x[2] + r * rec[2]);
        }
        else
        {
            Tensor[] kernels = Ops.Split(_recurrentKernel!, 3, axis: 1);   // R_z, R_r, R_h: (U, U) each
            z = _recurrentActivation(x[0] + Ops.MatMul(hDropped, kernels[0]));
            Tensor r = _recurrentActivation(x[1] + Ops.MatMul(hDropped, kernels[1]));
            candidate = Activation(x[2] + Ops.MatMul(r * hDropped, kernels[2]));
        }
        Tensor newH = z * h + (1.0 - z) * candidate;
        return new RecurrentOutput(newH, [newH]);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["units"] = Units;
        config["activation"] = ActivationName;
        config["recurrent_activation"] = RecurrentActivationName;
        CellConfig.AddWeightOptions(config, this, UseBias, KernelInitializer, RecurrentInitializer, BiasInitializer, KernelRegularizer, RecurrentRegularizer, BiasRegularizer);
        config["reset_after"] = ResetAfter;
        return config;
    }

    internal override RecurrentCell CloneUnbuilt(string? name) => new GRUCell(Units, ActivationName, RecurrentActivationName, UseBias, KernelInitializer,
        RecurrentInitializer, BiasInitializer, ResetAfter, KernelRegularizer, RecurrentRegularizer, BiasRegularizer, name, DType);
}
