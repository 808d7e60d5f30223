using Trellis.Activations;
using Trellis.Initializers;
using Trellis.Regularizers;

namespace Trellis.Layers;

/// <summary>A fully connected layer: <c>output = activation(inputs · kernel + bias)</c>, as Keras <c>Dense</c>.</summary>
/// <remarks>
/// The kernel has shape (input last axis, units) and the bias (units). Inputs of rank above 2 are multiplied along
/// their last axis. Weights are tracked as <c>kernel</c> and <c>bias</c>.
/// </remarks>
public sealed class Dense : Layer
{
    private readonly Func<Tensor, Tensor> _activation;
    private Variable? _kernel;
    private Variable? _bias;

    /// <summary>Creates the layer.</summary>
    /// <param name="units">Output size (last axis).</param>
    /// <param name="activation">A Keras activation name (<c>relu</c>, <c>softmax</c>...); null for linear.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Initializer name for the kernel (or set <see cref="KernelInitializer"/>).</param>
    /// <param name="biasInitializer">Initializer name for the bias (or set <see cref="BiasInitializer"/>).</param>
    /// <param name="kernelRegularizer">Penalty on the kernel, or null.</param>
    /// <param name="biasRegularizer">Penalty on the bias, or null.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>dense</c>, <c>dense_1</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException"><paramref name="units"/> is not positive, or a name is unknown.</exception>
    public Dense(int units, string? activation = null, bool useBias = true, string kernelInitializer = "glorot_uniform", string biasInitializer = "zeros",
        IRegularizer? kernelRegularizer = null, IRegularizer? biasRegularizer = null, Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(name, dtype)
    {
        if (units <= 0)
        {
            throw new ArgumentException($"Dense expects a positive number of units, but received {units}.", nameof(units));
        }
        Units = units;
        ActivationName = activation ?? "linear";
        _activation = ActivationFunctions.Get(activation);
        UseBias = useBias;
        KernelInitializer = InitializerRegistry.Get(kernelInitializer);
        BiasInitializer = InitializerRegistry.Get(biasInitializer);
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(MinRank: 2);
    }

    /// <summary>The output size.</summary>
    public int Units { get; }

    /// <summary>The activation's name.</summary>
    public string ActivationName { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>The kernel initializer (settable until the layer is built).</summary>
    public IInitializer KernelInitializer { get; init; }

    /// <summary>The bias initializer (settable until the layer is built).</summary>
    public IInitializer BiasInitializer { get; init; }

    /// <summary>The kernel penalty, or null.</summary>
    public IRegularizer? KernelRegularizer { get; }

    /// <summary>The bias penalty, or null.</summary>
    public IRegularizer? BiasRegularizer { get; }

    /// <summary>The kernel, shape (input size, units); null before building.</summary>
    public Variable? Kernel => _kernel;

    /// <summary>The bias, shape (units); null before building or without bias.</summary>
    public Variable? Bias => _bias;

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int inputSize = inputShape[^1];
        if (inputSize == Shape.Unknown)
        {
            throw new ArgumentException($"Layer '{Name}' needs a known last axis to build, but received input shape {inputShape}.", nameof(inputShape));
        }
        _kernel = AddWeight("kernel", [inputSize, Units], KernelInitializer, KernelRegularizer);
        if (UseBias)
        {
            _bias = AddWeight("bias", [Units], BiasInitializer, BiasRegularizer);
        }
        InputSpec = new InputSpec(MinRank: 2, Axes: new Dictionary<int, int> { [-1] = inputSize });
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs)
    {
        var kernel = _kernel!;
        Tensor flat = inputs.Rank == 2 ? inputs : Ops.Reshape(inputs, [inputs.Size / inputs.Shape[^1], inputs.Shape[^1]]);
        Tensor output = Ops.MatMul(flat, kernel);
        if (_bias is not null)
        {
            output = output + _bias;
        }
        if (inputs.Rank != 2)
        {
            output = Ops.Reshape(output, inputs.Shape.With(-1, Units));
        }
        return _activation(output);
    }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape.With(-1, Units);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["units"] = Units;
        config["activation"] = ActivationName;
        config["use_bias"] = UseBias;
        config["kernel_initializer"] = InitializerRegistry.Serialize(KernelInitializer);
        config["bias_initializer"] = InitializerRegistry.Serialize(BiasInitializer);
        config["kernel_regularizer"] = LayerConfig.Serialize(KernelRegularizer);
        config["bias_regularizer"] = LayerConfig.Serialize(BiasRegularizer);
        config["kernel_constraint"] = null;
        config["bias_constraint"] = null;
        return config;
    }
}
