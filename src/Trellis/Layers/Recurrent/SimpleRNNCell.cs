using Trellis.Initializers;
using Trellis.Regularizers;

namespace Trellis.Layers;

/// <summary>One step of a fully connected recurrent layer, as Keras <c>SimpleRNNCell</c>: h' = tanh(x·kernel + h·recurrent_kernel + bias).</summary>
/// <remarks>Weights: <c>kernel</c> (features, units), <c>recurrent_kernel</c> (units, units), <c>bias</c> (units). The state is [h].</remarks>
public sealed class SimpleRNNCell : RecurrentCell
{
    private Variable? _kernel;
    private Variable? _recurrentKernel;
    private Variable? _bias;

    /// <summary>Creates the cell.</summary>
    /// <param name="units">The size of h.</param>
    /// <param name="activation">The activation (<c>tanh</c>).</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Initializer of <c>kernel</c>.</param>
    /// <param name="recurrentInitializer">Initializer of <c>recurrent_kernel</c>.</param>
    /// <param name="biasInitializer">Initializer of <c>bias</c>.</param>
    /// <param name="kernelRegularizer">Penalty on <c>kernel</c>, or null.</param>
    /// <param name="recurrentRegularizer">Penalty on <c>recurrent_kernel</c>, or null.</param>
    /// <param name="biasRegularizer">Penalty on <c>bias</c>, or null.</param>
    /// <param name="name">The layer name; <c>simple_rnn_cell</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException"><paramref name="units"/> is not positive, or a name is unknown.</exception>
    public SimpleRNNCell(int units, string? activation = "tanh", bool useBias = true, string kernelInitializer = "glorot_uniform",
        string recurrentInitializer = "orthogonal", string biasInitializer = "zeros", IRegularizer? kernelRegularizer = null,
        IRegularizer? recurrentRegularizer = null, IRegularizer? biasRegularizer = null, string? name = null, DType dtype = DType.Float32)
        : this(units, activation, useBias, InitializerRegistry.Get(kernelInitializer), InitializerRegistry.Get(recurrentInitializer),
            InitializerRegistry.Get(biasInitializer), kernelRegularizer, recurrentRegularizer, biasRegularizer, name, dtype)
    {
    }

    private SimpleRNNCell(int units, string? activation, bool useBias, IInitializer kernelInitializer, IInitializer recurrentInitializer,
        IInitializer biasInitializer, IRegularizer? kernelRegularizer, IRegularizer? recurrentRegularizer, IRegularizer? biasRegularizer, string? name, DType dtype)
        : base(units, activation, name, dtype)
    {
        UseBias = useBias;
        KernelInitializer = kernelInitializer;
        RecurrentInitializer = recurrentInitializer;
        BiasInitializer = biasInitializer;
        KernelRegularizer = kernelRegularizer;
        RecurrentRegularizer = recurrentRegularizer;
        BiasRegularizer = biasRegularizer;
    }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

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

    /// <summary>The kernel (features, units); null before building.</summary>
    public Variable? Kernel => _kernel;

    /// <summary>The recurrent kernel (units, units); null before building.</summary>
    public Variable? RecurrentKernel => _recurrentKernel;

    /// <summary>The bias (units); null before building or without bias.</summary>
    public Variable? Bias => _bias;

    /// <inheritdoc/>
    public override IReadOnlyList<int> StateSizes => [Units];

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int features = RecurrentShapes.KnownLastAxis(this, inputShape);
        _kernel = AddWeight("kernel", [features, Units], KernelInitializer, KernelRegularizer);
        _recurrentKernel = AddWeight("recurrent_kernel", [Units, Units], RecurrentInitializer, RecurrentRegularizer);
        if (UseBias)
        {
            _bias = AddWeight("bias", [Units], BiasInitializer, BiasRegularizer);
        }
        InputSpec = new InputSpec(Rank: 2, Axes: new Dictionary<int, int> { [-1] = features });
    }

    private protected override Tensor ProjectInputs(Tensor inputs)
    {
        Tensor projected = Ops.MatMul(inputs, _kernel!);                    // (N, U)
        return _bias is null ? projected : projected + _bias;
    }

    private protected override RecurrentOutput StepProjected(Tensor projected, IReadOnlyList<Tensor> states, bool training)
    {
        Tensor newH = Activation(projected + Ops.MatMul(DropState(states[0]), _recurrentKernel!));
        return new RecurrentOutput(newH, [newH]);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["units"] = Units;
        config["activation"] = ActivationName;
        CellConfig.AddWeightOptions(config, this, UseBias, KernelInitializer, RecurrentInitializer, BiasInitializer, KernelRegularizer, RecurrentRegularizer, BiasRegularizer);
        return config;
    }

    internal override RecurrentCell CloneUnbuilt(string? name) => new SimpleRNNCell(Units, ActivationName, UseBias, KernelInitializer,
        RecurrentInitializer, BiasInitializer, KernelRegularizer, RecurrentRegularizer, BiasRegularizer, name, DType);
}
