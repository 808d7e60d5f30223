using Trellis.Regularizers;

namespace Trellis.Layers;

/// <summary>
/// Creates a transposed 2-D convolution (the gradient of <see cref="Conv2D"/> with respect to its input), as Keras
/// <c>Conv2DTranspose</c>: the kernel has shape (kernel height, kernel width, filters, channels).
/// </summary>
/// <remarks>Output size per axis: "same" gives input·stride, "valid" gives input·stride + max(dilated kernel - stride, 0);
/// with <c>outputPadding</c>, (input - 1)·stride + dilated kernel - 2·pad + outputPadding (pad = dilated kernel / 2 for "same").</remarks>
public sealed class Conv2DTranspose : KernelConv
{
    private readonly int[]? _outputPadding;

    /// <summary>Creates the layer.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The kernel size: one value or (height, width).</param>
    /// <param name="strides">Steps; null for 1.</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <param name="outputPadding">Extra output rows and columns (each below its stride); null for none.</param>
    /// <param name="dataFormat">"channels_last" (default) or "channels_first".</param>
    /// <param name="dilationRate">Dilation rates; null for 1.</param>
    /// <param name="activation">A Keras activation name; null for linear.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">The kernel initializer name.</param>
    /// <param name="biasInitializer">The bias initializer name.</param>
    /// <param name="kernelRegularizer">The kernel penalty, or null.</param>
    /// <param name="biasRegularizer">The bias penalty, or null.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>conv2d_transpose</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException">A size is not positive or a name is unknown.</exception>
    public Conv2DTranspose(int filters, int[] kernelSize, int[]? strides = null, string padding = "valid", int[]? outputPadding = null,
        string dataFormat = "channels_last", int[]? dilationRate = null, string? activation = null, bool useBias = true,
        string kernelInitializer = "glorot_uniform", string biasInitializer = "zeros", IRegularizer? kernelRegularizer = null,
        IRegularizer? biasRegularizer = null, Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(2, filters, kernelSize, strides, padding, dataFormat, dilationRate, 1, activation, useBias, kernelInitializer, biasInitializer,
            kernelRegularizer, biasRegularizer, inputShape, name, dtype)
    {
        if (outputPadding is not null)
        {
            if (outputPadding.Length is not (1 or 2) || outputPadding.Any(v => v < 0))
            {
                throw new ArgumentException($"Conv2DTranspose expects outputPadding as 1 or 2 non-negative integers, but received [{string.Join(", ", outputPadding)}].", nameof(outputPadding));
            }
            _outputPadding = [outputPadding[0], outputPadding[^1]];
            for (int i = 0; i < 2; i++)
            {
                if (_outputPadding[i] >= Strides[i])
                {
                    throw new ArgumentException($"Conv2DTranspose expects output padding below the stride, but received outputPadding={_outputPadding[i]} with stride {Strides[i]}.", nameof(outputPadding));
                }
            }
        }
    }

    /// <summary>The extra output rows and columns, or null.</summary>
    public IReadOnlyList<int>? OutputPadding => _outputPadding;

    /// <inheritdoc/>
    protected override Shape KernelShape(int channels) => [KernelSize[0], KernelSize[1], Filters, channels];

    /// <inheritdoc/>
    protected override Tensor Convolve(Tensor inputs) => Ops.Conv2DTranspose(inputs, Kernel!, [.. Strides], Padding, [.. DilationRate], _outputPadding);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["output_padding"] = _outputPadding is null ? null : ConvArguments.List(_outputPadding);
        return config;
    }
}
