namespace Trellis.Layers;

/// <summary>Creates a layer adding rows and columns of zeros around images, as Keras <c>ZeroPadding2D</c>.</summary>
public sealed class ZeroPadding2D : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="padding">One value for all sides, (rows, columns) for both sides of each, or (top, bottom, left, right); null for 1.</param>
    /// <param name="dataFormat">"channels_last" (default) or "channels_first".</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>zero_padding2d</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException">A padding is negative or the count of values is not 1, 2 or 4.</exception>
    public ZeroPadding2D(int[]? padding = null, string dataFormat = "channels_last", Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(name, dtype)
    {
        Padding = SideAmounts.Parse(nameof(ZeroPadding2D), nameof(padding), padding ?? [1]);
        DataFormat = ConvArguments.DataFormat(nameof(ZeroPadding2D), dataFormat);
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(Rank: 4);
    }

    /// <summary>Zeros added (top, bottom, left, right).</summary>
    public IReadOnlyList<int> Padding { get; }

    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs)
    {
        var rows = (Padding[0], Padding[1]);
        var cols = (Padding[2], Padding[3]);
        return DataFormat == "channels_first"
            ? Ops.Pad(inputs, [(0, 0), (0, 0), rows, cols])
            : Ops.Pad(inputs, [(0, 0), rows, cols, (0, 0)]);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["padding"] = SideAmounts.Config(Padding);
        config["data_format"] = DataFormat;
        return config;
    }
}
