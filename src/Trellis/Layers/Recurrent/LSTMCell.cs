using Trellis.Activations;
using Trellis.Initializers;
using Trellis.Regularizers;

namespace Trellis.Layers;

/// <summary>One step of a long short-term memory layer, as Keras <c>LSTMCell</c>.</summary>
/// <remarks>
/// <para>Weights (Keras layout, gate blocks in the order i, f, c, o along the last axis): <c>kernel</c>
/// (features, 4 units), <c>recurrent_kernel</c> (units, 4 units), <c>bias</c> (4 units).</para>
/// <para>With z = x·kernel + h·recurrent_kernel + bias split into z_i, z_f, z_c, z_o:
/// i = σ(z_i), f = σ(z_f), c' = f ⊙ c + i ⊙ tanh(z_c), o = σ(z_o), h' = o ⊙ tanh(c'),
/// where σ is the recurrent activation (sigmoid) and tanh the activation. States are [h, c].</para>
/// </remarks>
public sealed class LSTMCell : RecurrentCell
{
    private readonly Func<Tensor, Tensor> _recurrentActivation;
    private Variable? _kernel;
    private Variable? _recurrentKernel;
    private Variable? _bias;

    /// <summary>Creates the cell.</summary>
    /// <param name="units">The size of h and c.</param>
    /// <param name="activation">Activation of the candidate and of the output (<c>tanh</c>).</param>
    /// <param name="recurrentActivation">Activation of the gates (<c>sigmoid</c>).</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Initializer of <c>kernel</c>.</param>
    /// <param name="recurrentInitializer">Initializer of <c>recurrent_kernel</c>.</param>
    /// <param name="biasInitializer">Initializer of <c>bias</c>.</param>
    /// <param name="unitForgetBias">Whether the forget block of the bias starts at one (Keras default).</param>
    /// <param name="kernelRegularizer">Penalty on <c>kernel</c>, or null.</param>
    /// <param name="recurrentRegularizer">Penalty on <c>recurrent_kernel</c>, or null.</param>
    /// <param name="biasRegularizer">Penalty on <c>bias</c>, or null.</param>
    /// <param name="name">The layer name; <c>lstm_cell</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException"><paramref name="units"/> is not positive, or a name is unknown.</exception>
    public LSTMCell(int units, string? activation = "tanh", string? recurrentActivation = "sigmoid", bool useBias = true,
        string kernelInitializer = "glorot_uniform", string recurrentInitializer = "orthogonal", string biasInitializer = "zeros",
        bool unitForgetBias = true, IRegularizer? kernelRegularizer = null, IRegularizer? recurrentRegularizer = null,
        IRegularizer? biasRegularizer = null, string? name = null, DType dtype = DType.Float32)
        : this(units, activation, recurrentActivation, useBias, InitializerRegistry.Get(kernelInitializer), InitializerRegistry.Get(recurrentInitializer),
            InitializerRegistry.Get(biasInitializer), unitForgetBias, kernelRegularizer, recurrentRegularizer, biasRegularizer, name, dtype)
    {
    }

    private LSTMCell(int units, string? activation, string? recurrentActivation, bool useBias, IInitializer kernelInitializer, IInitializer recurrentInitializer,
        IInitializer biasInitializer, bool unitForgetBias, IRegularizer? kernelRegularizer, IRegularizer? recurrentRegularizer, IRegularizer? biasRegularizer,
        string? name, DType dtype)
        : base(units, activation, name, dtype)
    {
        RecurrentActivationName = recurrentActivation ?? "linear";
        _recurrentActivation = ActivationFunctions.Get(recurrentActivation);
        UseBias = useBias;
        KernelInitializer = kernelInitializer;
        RecurrentInitializer = recurrentInitializer;
        BiasInitializer = biasInitializer;
        UnitForgetBias = unitForgetBias;
        KernelRegularizer = kernelRegularizer;
        RecurrentRegularizer = recurrentRegularizer;
        BiasRegularizer = biasRegularizer;
    }

    /// <summary>The Keras name of the gate activation.</summary>
    public string RecurrentActivationName { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>Whether the forget block of the bias starts at one.</summary>
    public bool UnitForgetBias { get; }

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

    /// <summary>The kernel (features, 4 units), gate blocks i, f, c, o; null before building.</summary>
    public Variable? Kernel => _kernel;

    /// <summary>The recurrent kernel (units, 4 units), gate blocks i, f, c, o; null before building.</summary>
    public Variable? RecurrentKernel => _recurrentKernel;

    /// <summary>The bias (4 units), gate blocks i, f, c, o; null before building or without bias.</summary>
    public Variable? Bias => _bias;

    /// <inheritdoc/>
    public override IReadOnlyList<int> StateSizes => [Units, Units];

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int features = RecurrentShapes.KnownLastAxis(this, inputShape);
        _kernel = AddWeight("kernel", [features, 4 * Units], KernelInitializer, KernelRegularizer);
        _recurrentKernel = AddWeight("recurrent_kernel", [Units, 4 * Units], RecurrentInitializer, RecurrentRegularizer);
        if (UseBias)
        {
            IInitializer init = UnitForgetBias ? new UnitForgetBias(BiasInitializer, Units) : BiasInitializer;
            _bias = AddWeight("bias", [4 * Units], init, BiasRegularizer);
        }
        InputSpec = new InputSpec(Rank: 2, Axes: new Dictionary<int, int> { [-1] = features });
    }

    private protected override Tensor ProjectInputs(Tensor inputs)
    {
        Tensor projected = Ops.MatMul(inputs, _kernel!);                               // (N, 4U)
        return _bias is null ? projected : projected + _bias;
    }

    private protected override RecurrentOutput StepProjected(Tensor projected, IReadOnlyList<Tensor> states, bool training)
    {
        Tensor h = states[0], c = states[1];                                          // (B, U) each
        Tensor z = projected + Ops.MatMul(DropState(h), _recurrentKernel!);           // (B, 4U)
        Tensor[] gates = Ops.Split(z, 4, axis: 1);                                    // i, f, c, o: (B, U) each
        Tensor i = _recurrentActivation(gates[0]);
        Tensor f = _recurrentActivation(gates[1]);
        Tensor newC = f * c + i * Activation(gates[2]);
        Tensor o = _recurrentActivation(gates[3]);
        Tensor newH = o * Activation(newC);
        return new RecurrentOutput(newH, [newH, newC]);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["units"] = Units;
        config["activation"] = ActivationName;
        config["recurrent_activation"] = RecurrentActivationName;
        config["unit_forget_bias"] = UnitForgetBias;
        CellConfig.AddWeightOptions(config, this, UseBias, KernelInitializer, RecurrentInitializer, BiasInitializer, KernelRegularizer, RecurrentRegularizer, BiasRegularizer);
        return config;
    }

    internal override RecurrentCell CloneUnbuilt(string? name) => new LSTMCell(Units, ActivationName, RecurrentActivationName, UseBias, KernelInitializer,
        RecurrentInitializer, BiasInitializer, UnitForgetBias, KernelRegularizer, RecurrentRegularizer, BiasRegularizer, name, DType);
}
