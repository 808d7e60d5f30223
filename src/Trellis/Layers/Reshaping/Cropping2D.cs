namespace Trellis.Layers;

/// <summary>Creates a layer removing rows and columns at the edges of images, as Keras <c>Cropping2D</c>.</summary>
public sealed class Cropping2D : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="cropping">One value for all sides, (rows, columns) for both sides of each, or (top, bottom, left, right); null for 0.</param>
    /// <param name="dataFormat">"channels_last" (default) or "channels_first".</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>cropping2d</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException">A cropping is negative or the count of values is not 1, 2 or 4.</exception>
    public Cropping2D(int[]? cropping = null, string dataFormat = "channels_last", Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(name, dtype)
    {
        Cropping = SideAmounts.Parse(nameof(Cropping2D), nameof(cropping), cropping ?? [0]);
        DataFormat = ConvArguments.DataFormat(nameof(Cropping2D), dataFormat);
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(Rank: 4);
    }

    /// <summary>Rows and columns removed (top, bottom, left, right).</summary>
    public IReadOnlyList<int> Cropping { get; }

    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs)
    {
        bool first = DataFormat == "channels_first";
        int hAxis = first ? 2 : 1, wAxis = hAxis + 1;
        int h = inputs.Shape[hAxis] - Cropping[0] - Cropping[1], w = inputs.Shape[wAxis] - Cropping[2] - Cropping[3];
        if (h <= 0 || w <= 0)
        {
            throw new ArgumentException($"Layer '{Name}' crops ({string.Join(", ", Cropping)}) from an input of shape {inputs.Shape}, which leaves nothing. Reduce the cropping.");
        }
        int[] begin = new int[4], size = inputs.Shape.ToArray();
        begin[hAxis] = Cropping[0];
        begin[wAxis] = Cropping[2];
        size[hAxis] = h;
        size[wAxis] = w;
        return Ops.Slice(inputs, begin, size);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["cropping"] = SideAmounts.Config(Cropping);
        config["data_format"] = DataFormat;
        return config;
    }
}
