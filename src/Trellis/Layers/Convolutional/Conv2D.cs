using Trellis.Regularizers;

namespace Trellis.Layers;

/// <summary>Creates a 2-D convolution over (batch, height, width, channels) inputs, as Keras <c>Conv2D</c>; the kernel has shape (kernel height, kernel width, channels / groups, filters).</summary>
/// <remarks>Weights are tracked as <c>kernel</c> and <c>bias</c>. With channels_first the input is transposed to
/// channels-last for the computation and the output transposed back.</remarks>
public sealed class Conv2D : KernelConv
{
    /// <summary>Creates the layer.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The kernel size: one value for every axis, or one per axis.</param>
    /// <param name="strides">Steps; null for 1.</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <param name="dataFormat">"channels_last" (default) or "channels_first".</param>
    /// <param name="dilationRate">Dilation rates; null for 1.</param>
    /// <param name="groups">Channel groups convolved separately.</param>
    /// <param name="activation">A Keras activation name; null for linear.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">The kernel initializer name.</param>
    /// <param name="biasInitializer">The bias initializer name.</param>
    /// <param name="kernelRegularizer">The kernel penalty, or null.</param>
    /// <param name="biasRegularizer">The bias penalty, or null.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>conv2d</c>, <c>conv2d_1</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException">A size is not positive, groups does not divide filters, or a name is unknown.</exception>
    public Conv2D(int filters, int[] kernelSize, int[]? strides = null, string padding = "valid", string dataFormat = "channels_last", int[]? dilationRate = null,
        int groups = 1, string? activation = null, bool useBias = true, string kernelInitializer = "glorot_uniform", string biasInitializer = "zeros",
        IRegularizer? kernelRegularizer = null, IRegularizer? biasRegularizer = null, Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(2, filters, kernelSize, strides, padding, dataFormat, dilationRate, groups, activation, useBias, kernelInitializer, biasInitializer,
            kernelRegularizer, biasRegularizer, inputShape, name, dtype)
    {
    }

    /// <inheritdoc/>
    protected override Shape KernelShape(int channels) => [KernelSize[0], KernelSize[1], channels / Groups, Filters];

    /// <inheritdoc/>
    protected override Tensor Convolve(Tensor inputs) => Ops.Conv2D(inputs, Kernel!, [.. Strides], Padding, [.. DilationRate], Groups);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["groups"] = Groups;
        return config;
    }
}
