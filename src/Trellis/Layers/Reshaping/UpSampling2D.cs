namespace Trellis.Layers;

/// <summary>Creates a layer repeating rows and columns (nearest-neighbour upsampling), as Keras <c>UpSampling2D</c>.</summary>
public sealed class UpSampling2D : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="size">Repeats of rows and columns: one value or (rows, columns); null for (2, 2).</param>
    /// <param name="dataFormat">"channels_last" (default) or "channels_first".</param>
    /// <param name="interpolation">Only "nearest" is supported.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>up_sampling2d</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException">A size is not positive, or the interpolation is not "nearest".</exception>
    public UpSampling2D(int[]? size = null, string dataFormat = "channels_last", string interpolation = "nearest", Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(name, dtype)
    {
        Size = ConvArguments.Tuple(nameof(UpSampling2D), nameof(size), size, 2, 2);
        DataFormat = ConvArguments.DataFormat(nameof(UpSampling2D), dataFormat);
        if (!string.Equals(interpolation, "nearest", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"UpSampling2D supports interpolation \"nearest\" only, but received \"{interpolation}\".", nameof(interpolation));
        }
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(Rank: 4);
    }

    /// <summary>Repeats of rows and columns.</summary>
    public IReadOnlyList<int> Size { get; }

    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs)
    {
        bool first = DataFormat == "channels_first";
        Tensor x = first ? ConvArguments.ToChannelsLast(inputs) : inputs;
        int h = x.Shape[1], w = x.Shape[2], c = x.Shape[3];
        // (N, H, 1, W, 1, C) tiled to (N, H, sh, W, sw, C): every pixel repeated, then merged back. -1 keeps the
        // batch size free, so the layer also traces with an unknown batch.
        Tensor spread = Ops.Tile(Ops.Reshape(x, [-1, h, 1, w, 1, c]), [1, 1, Size[0], 1, Size[1], 1]);
        Tensor y = Ops.Reshape(spread, [-1, h * Size[0], w * Size[1], c]);
        return first ? ConvArguments.ToChannelsFirst(y) : y;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["data_format"] = DataFormat;
        config["size"] = ConvArguments.List([.. Size]);
        config["interpolation"] = "nearest";
        return config;
    }
}
