using Trellis.Activations;
using Trellis.Initializers;
using Trellis.Regularizers;

namespace Trellis.Layers;

/// <summary>
/// The shared part of the convolution layers (Keras's <c>BaseConv</c>): argument checks, channels_first handling,
/// bias and activation. Subclasses create their kernels in <see cref="CreateWeights"/> and convolve channels-last
/// tensors in <see cref="Convolve"/>.
/// </summary>
public abstract class BaseConv : Layer
{
    private readonly Func<Tensor, Tensor> _activation;
    private Variable? _bias;

    /// <summary>Creates the layer.</summary>
    /// <param name="rank">1 or 2 spatial axes.</param>
    /// <param name="kernelSize">One value for every axis, or one per axis.</param>
    /// <param name="strides">Steps (one or one per axis); null for 1.</param>
    /// <param name="padding">"valid", "same" or (1-D only) "causal".</param>
    /// <param name="dataFormat">"channels_last" (default) or "channels_first".</param>
    /// <param name="dilationRate">Dilation rates (one or one per axis); null for 1.</param>
    /// <param name="activation">A Keras activation name; null for linear.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="biasInitializer">The bias initializer name.</param>
    /// <param name="biasRegularizer">The bias penalty, or null.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException">A size is not positive or a name is unknown.</exception>
    protected BaseConv(int rank, int[] kernelSize, int[]? strides, string padding, string? dataFormat, int[]? dilationRate,
        string? activation, bool useBias, string biasInitializer, IRegularizer? biasRegularizer, Shape? inputShape, string? name, DType dtype)
        : base(name, dtype)
    {
        string layer = GetType().Name;
        Rank = rank;
        KernelSize = ConvArguments.Tuple(layer, nameof(kernelSize), kernelSize ?? throw new ArgumentNullException(nameof(kernelSize)), rank, 1);
        Strides = ConvArguments.Tuple(layer, nameof(strides), strides, rank, 1);
        Padding = ConvArguments.Padding(layer, padding, allowCausal: rank == 1);
        DataFormat = ConvArguments.DataFormat(layer, dataFormat);
        DilationRate = ConvArguments.Tuple(layer, nameof(dilationRate), dilationRate, rank, 1);
        ActivationName = activation ?? "linear";
        _activation = ActivationFunctions.Get(activation);
        UseBias = useBias;
        BiasInitializer = InitializerRegistry.Get(biasInitializer);
        BiasRegularizer = biasRegularizer;
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(Rank: rank + 2);
    }

    /// <summary>The number of spatial axes (1 or 2).</summary>
    public int Rank { get; }

    /// <summary>The kernel's spatial size, one value per axis.</summary>
    public IReadOnlyList<int> KernelSize { get; }

    /// <summary>The steps, one per axis.</summary>
    public IReadOnlyList<int> Strides { get; }

    /// <summary>"valid", "same" or "causal".</summary>
    public string Padding { get; }

    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <summary>The dilation rates, one per axis.</summary>
    public IReadOnlyList<int> DilationRate { get; }

    /// <summary>The activation's name.</summary>
    public string ActivationName { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>The bias initializer (settable until the layer is built).</summary>
    public IInitializer BiasInitializer { get; init; }

    /// <summary>The bias penalty, or null.</summary>
    public IRegularizer? BiasRegularizer { get; }

    /// <summary>The bias, one value per output channel; null before building or without bias.</summary>
    public Variable? Bias => _bias;

    /// <summary>The axis holding channels in the input (1 or last).</summary>
    protected int ChannelAxis => DataFormat == "channels_first" ? 1 : -1;

    /// <summary>Creates the kernels for <paramref name="channels"/> input channels and returns the number of output channels.</summary>
    /// <param name="channels">The input's channel count.</param>
    /// <returns>The output's channel count (the bias size).</returns>
    protected abstract int CreateWeights(int channels);

    /// <summary>The convolution of a channels-last input (N, [H,] W, C) without bias and activation.</summary>
    /// <param name="inputs">The channels-last input.</param>
    /// <returns>The channels-last output.</returns>
    protected abstract Tensor Convolve(Tensor inputs);

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int channels = inputShape[ChannelAxis];
        if (channels == Shape.Unknown)
        {
            throw new ArgumentException($"Layer '{Name}' needs a known channel axis to build, but received input shape {inputShape} ({DataFormat}).", nameof(inputShape));
        }
        int outputs = CreateWeights(channels);
        if (UseBias)
        {
            _bias = AddWeight("bias", [outputs], BiasInitializer, BiasRegularizer);
        }
        InputSpec = new InputSpec(Rank: Rank + 2, Axes: new Dictionary<int, int> { [ChannelAxis] = channels });
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs)
    {
        bool first = DataFormat == "channels_first";
        Tensor x = first ? ConvArguments.ToChannelsLast(inputs) : inputs;
        Tensor y = Convolve(x);
        if (_bias is not null)
        {
            y = y + _bias;
        }
        y = first ? ConvArguments.ToChannelsFirst(y) : y;
        return _activation(y);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["kernel_size"] = ConvArguments.List([.. KernelSize]);
        config["strides"] = ConvArguments.List([.. Strides]);
        config["padding"] = Padding;
        config["data_format"] = DataFormat;
        config["dilation_rate"] = ConvArguments.List([.. DilationRate]);
        config["activation"] = ActivationName;
        config["use_bias"] = UseBias;
        config["bias_initializer"] = InitializerRegistry.Serialize(BiasInitializer);
        config["bias_regularizer"] = LayerConfig.Serialize(BiasRegularizer);
        config["activity_regularizer"] = null;
        config["bias_constraint"] = null;
        return config;
    }
}
