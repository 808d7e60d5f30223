using Trellis.Initializers;
using Trellis.Regularizers;

namespace Trellis.Layers;

/// <summary>
/// A convolution with a single <c>kernel</c> weight and a filter count: the base of <see cref="Conv1D"/>,
/// <see cref="Conv2D"/> and <see cref="Conv2DTranspose"/>.
/// </summary>
public abstract class KernelConv : BaseConv
{
    private Variable? _kernel;

    /// <summary>Creates the layer.</summary>
    /// <param name="rank">1 or 2 spatial axes.</param>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">One value for every axis, or one per axis.</param>
    /// <param name="strides">Steps; null for 1.</param>
    /// <param name="padding">"valid", "same" or (1-D only) "causal".</param>
    /// <param name="dataFormat">"channels_last" or "channels_first".</param>
    /// <param name="dilationRate">Dilation rates; null for 1.</param>
    /// <param name="groups">Channel groups convolved separately; must divide the input channels and <paramref name="filters"/>.</param>
    /// <param name="activation">A Keras activation name; null for linear.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">The kernel initializer name.</param>
    /// <param name="biasInitializer">The bias initializer name.</param>
    /// <param name="kernelRegularizer">The kernel penalty, or null.</param>
    /// <param name="biasRegularizer">The bias penalty, or null.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException">A size is not positive, groups does not divide filters, or a name is unknown.</exception>
    protected KernelConv(int rank, int filters, int[] kernelSize, int[]? strides, string padding, string? dataFormat, int[]? dilationRate, int groups,
        string? activation, bool useBias, string kernelInitializer, string biasInitializer, IRegularizer? kernelRegularizer, IRegularizer? biasRegularizer,
        Shape? inputShape, string? name, DType dtype)
        : base(rank, kernelSize, strides, padding, dataFormat, dilationRate, activation, useBias, biasInitializer, biasRegularizer, inputShape, name, dtype)
    {
        if (filters <= 0 || groups <= 0 || filters % groups != 0)
        {
            throw new ArgumentException($"{GetType().Name} expects positive filters divisible by a positive groups, but received filters={filters}, groups={groups}.", nameof(filters));
        }
        Filters = filters;
        Groups = groups;
        KernelInitializer = InitializerRegistry.Get(kernelInitializer);
        KernelRegularizer = kernelRegularizer;
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }

    /// <summary>The number of channel groups.</summary>
    public int Groups { get; }

    /// <summary>The kernel initializer (settable until the layer is built).</summary>
    public IInitializer KernelInitializer { get; init; }

    /// <summary>The kernel penalty, or null.</summary>
    public IRegularizer? KernelRegularizer { get; }

    /// <summary>The kernel; null before building.</summary>
    public Variable? Kernel => _kernel;

    /// <summary>The kernel's shape for <paramref name="channels"/> input channels.</summary>
    /// <param name="channels">The input's channel count.</param>
    /// <returns>The shape, in Keras's layout.</returns>
    protected abstract Shape KernelShape(int channels);

    /// <inheritdoc/>
    protected override int CreateWeights(int channels)
    {
        if (channels % Groups != 0)
        {
            throw new ArgumentException($"Layer '{Name}' has groups={Groups}, which must divide the input's {channels} channels.", nameof(channels));
        }
        _kernel = AddWeight("kernel", KernelShape(channels), KernelInitializer, KernelRegularizer);
        return Filters;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["filters"] = Filters;
        config["kernel_initializer"] = InitializerRegistry.Serialize(KernelInitializer);
        config["kernel_regularizer"] = LayerConfig.Serialize(KernelRegularizer);
        config["kernel_constraint"] = null;
        return config;
    }
}
