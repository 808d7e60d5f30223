using Trellis.Initializers;
using Trellis.Regularizers;

namespace Trellis.Layers;

/// <summary>
/// Creates a separable 2-D convolution, as Keras <c>SeparableConv2D</c>: a depthwise convolution
/// (<c>depthwise_kernel</c>, shape (KH, KW, channels, depth multiplier)) followed by a 1x1 convolution
/// (<c>pointwise_kernel</c>, shape (1, 1, channels·depth multiplier, filters)) and the bias.
/// </summary>
public sealed class SeparableConv2D : BaseConv
{
    private Variable? _depthwiseKernel;
    private Variable? _pointwiseKernel;

    /// <summary>Creates the layer.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The depthwise kernel size: one value or (height, width).</param>
    /// <param name="strides">Steps of the depthwise convolution; null for 1.</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <param name="depthMultiplier">Depthwise filters per input channel.</param>
    /// <param name="dataFormat">"channels_last" (default) or "channels_first".</param>
    /// <param name="dilationRate">Dilation rates; null for 1.</param>
    /// <param name="activation">A Keras activation name; null for linear.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="depthwiseInitializer">The depthwise kernel initializer name.</param>
    /// <param name="pointwiseInitializer">The pointwise kernel initializer name.</param>
    /// <param name="biasInitializer">The bias initializer name.</param>
    /// <param name="depthwiseRegularizer">The depthwise kernel penalty, or null.</param>
    /// <param name="pointwiseRegularizer">The pointwise kernel penalty, or null.</param>
    /// <param name="biasRegularizer">The bias penalty, or null.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>separable_conv2d</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException">A size is not positive or a name is unknown.</exception>
    public SeparableConv2D(int filters, int[] kernelSize, int[]? strides = null, string padding = "valid", int depthMultiplier = 1,
        string dataFormat = "channels_last", int[]? dilationRate = null, string? activation = null, bool useBias = true,
        string depthwiseInitializer = "glorot_uniform", string pointwiseInitializer = "glorot_uniform", string biasInitializer = "zeros",
        IRegularizer? depthwiseRegularizer = null, IRegularizer? pointwiseRegularizer = null, IRegularizer? biasRegularizer = null,
        Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(2, kernelSize, strides, padding, dataFormat, dilationRate, activation, useBias, biasInitializer, biasRegularizer, inputShape, name, dtype)
    {
        if (filters <= 0 || depthMultiplier <= 0)
        {
            throw new ArgumentException($"SeparableConv2D expects positive filters and depthMultiplier, but received {filters} and {depthMultiplier}.", nameof(filters));
        }
        Filters = filters;
        DepthMultiplier = depthMultiplier;
        DepthwiseInitializer = InitializerRegistry.Get(depthwiseInitializer);
        PointwiseInitializer = InitializerRegistry.Get(pointwiseInitializer);
        DepthwiseRegularizer = depthwiseRegularizer;
        PointwiseRegularizer = pointwiseRegularizer;
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }

    /// <summary>Depthwise filters per input channel.</summary>
    public int DepthMultiplier { get; }

    /// <summary>The depthwise kernel initializer (settable until the layer is built).</summary>
    public IInitializer DepthwiseInitializer { get; init; }

    /// <summary>The pointwise kernel initializer (settable until the layer is built).</summary>
    public IInitializer PointwiseInitializer { get; init; }

    /// <summary>The depthwise kernel penalty, or null.</summary>
    public IRegularizer? DepthwiseRegularizer { get; }

    /// <summary>The pointwise kernel penalty, or null.</summary>
    public IRegularizer? PointwiseRegularizer { get; }

    /// <summary>The depthwise kernel (KH, KW, C, M); null before building.</summary>
    public Variable? DepthwiseKernel => _depthwiseKernel;

    /// <summary>The pointwise kernel (1, 1, C·M, filters); null before building.</summary>
    public Variable? PointwiseKernel => _pointwiseKernel;

    /// <inheritdoc/>
    protected override int CreateWeights(int channels)
    {
        _depthwiseKernel = AddWeight("depthwise_kernel", [KernelSize[0], KernelSize[1], channels, DepthMultiplier], DepthwiseInitializer, DepthwiseRegularizer);
        _pointwiseKernel = AddWeight("pointwise_kernel", [1, 1, channels * DepthMultiplier, Filters], PointwiseInitializer, PointwiseRegularizer);
        return Filters;
    }

    /// <inheritdoc/>
    protected override Tensor Convolve(Tensor inputs)
        => Ops.Conv2D(Ops.DepthwiseConv2D(inputs, _depthwiseKernel!, [.. Strides], Padding, [.. DilationRate]), _pointwiseKernel!);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["filters"] = Filters;
        config["depth_multiplier"] = DepthMultiplier;
        config["depthwise_initializer"] = InitializerRegistry.Serialize(DepthwiseInitializer);
        config["pointwise_initializer"] = InitializerRegistry.Serialize(PointwiseInitializer);
        config["depthwise_regularizer"] = LayerConfig.Serialize(DepthwiseRegularizer);
        config["pointwise_regularizer"] = LayerConfig.Serialize(PointwiseRegularizer);
        config["depthwise_constraint"] = null;
        config["pointwise_constraint"] = null;
        return config;
    }
}
