using Trellis.Initializers;
using Trellis.Regularizers;

namespace Trellis.Layers;

/// <summary>
/// Creates a depthwise 2-D convolution, as Keras <c>DepthwiseConv2D</c>: each input channel is convolved with its own
/// <see cref="DepthMultiplier"/> filters. The <c>depthwise_kernel</c> has shape (kernel height, kernel width, channels,
/// depth multiplier); output channel c·M + m comes from input channel c and filter m.
/// </summary>
public sealed class DepthwiseConv2D : BaseConv
{
    private Variable? _depthwiseKernel;

    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">The kernel size: one value or (height, width).</param>
    /// <param name="strides">Steps; null for 1.</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <param name="depthMultiplier">Filters per input channel.</param>
    /// <param name="dataFormat">"channels_last" (default) or "channels_first".</param>
    /// <param name="dilationRate">Dilation rates; null for 1.</param>
    /// <param name="activation">A Keras activation name; null for linear.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="depthwiseInitializer">The depthwise kernel initializer name.</param>
    /// <param name="biasInitializer">The bias initializer name.</param>
    /// <param name="depthwiseRegularizer">The depthwise kernel penalty, or null.</param>
    /// <param name="biasRegularizer">The bias penalty, or null.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>depthwise_conv2d</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException">A size is not positive or a name is unknown.</exception>
    public DepthwiseConv2D(int[] kernelSize, int[]? strides = null, string padding = "valid", int depthMultiplier = 1, string dataFormat = "channels_last",
        int[]? dilationRate = null, string? activation = null, bool useBias = true, string depthwiseInitializer = "glorot_uniform", string biasInitializer = "zeros",
        IRegularizer? depthwiseRegularizer = null, IRegularizer? biasRegularizer = null, Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(2, kernelSize, strides, padding, dataFormat, dilationRate, activation, useBias, biasInitializer, biasRegularizer, inputShape, name, dtype)
    {
        if (depthMultiplier <= 0)
        {
            throw new ArgumentException($"DepthwiseConv2D expects a positive depthMultiplier, but received {depthMultiplier}.", nameof(depthMultiplier));
        }
        DepthMultiplier = depthMultiplier;
        DepthwiseInitializer = InitializerRegistry.Get(depthwiseInitializer);
        DepthwiseRegularizer = depthwiseRegularizer;
    }

    /// <summary>Filters per input channel.</summary>
    public int DepthMultiplier { get; }

    /// <summary>The depthwise kernel initializer (settable until the layer is built).</summary>
    public IInitializer DepthwiseInitializer { get; init; }

    /// <summary>The depthwise kernel penalty, or null.</summary>
    public IRegularizer? DepthwiseRegularizer { get; }

    /// <summary>The depthwise kernel (KH, KW, C, M); null before building.</summary>
    public Variable? DepthwiseKernel => _depthwiseKernel;

    /// <inheritdoc/>
    protected override int CreateWeights(int channels)
    {
        _depthwiseKernel = AddWeight("depthwise_kernel", [KernelSize[0], KernelSize[1], channels, DepthMultiplier], DepthwiseInitializer, DepthwiseRegularizer);
        return channels * DepthMultiplier;
    }

    /// <inheritdoc/>
    protected override Tensor Convolve(Tensor inputs) => Ops.DepthwiseConv2D(inputs, _depthwiseKernel!, [.. Strides], Padding, [.. DilationRate]);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["depth_multiplier"] = DepthMultiplier;
        config["depthwise_initializer"] = InitializerRegistry.Serialize(DepthwiseInitializer);
        config["depthwise_regularizer"] = LayerConfig.Serialize(DepthwiseRegularizer);
        config["depthwise_constraint"] = null;
        return config;
    }
}
