namespace Trellis.Layers;

/// <summary>The shared part of the 1-D and 2-D max and average pooling layers (Keras's <c>BasePooling</c>).</summary>
public abstract class BasePooling : Layer
{
    private readonly bool _max;

    /// <summary>Creates the layer.</summary>
    /// <param name="rank">1 or 2 spatial axes.</param>
    /// <param name="max">True for max pooling, false for average pooling.</param>
    /// <param name="poolSize">The window: one value for every axis, or one per axis.</param>
    /// <param name="strides">Steps; null for the pool size.</param>
    /// <param name="padding">"valid" or "same" (average pooling does not count padded positions).</param>
    /// <param name="dataFormat">"channels_last" (default) or "channels_first".</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException">A size is not positive or a name is unknown.</exception>
    protected BasePooling(int rank, bool max, int[] poolSize, int[]? strides, string padding, string? dataFormat, Shape? inputShape, string? name, DType dtype)
        : base(name, dtype)
    {
        string layer = GetType().Name;
        Rank = rank;
        _max = max;
        PoolSize = ConvArguments.Tuple(layer, nameof(poolSize), poolSize ?? throw new ArgumentNullException(nameof(poolSize)), rank, 1);
        Strides = strides is null ? PoolSize : ConvArguments.Tuple(layer, nameof(strides), strides, rank, 1);
        Padding = ConvArguments.Padding(layer, padding, allowCausal: false);
        DataFormat = ConvArguments.DataFormat(layer, dataFormat);
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(Rank: rank + 2);
    }

    /// <summary>The number of spatial axes.</summary>
    public int Rank { get; }

    /// <summary>The window size per axis.</summary>
    public IReadOnlyList<int> PoolSize { get; }

    /// <summary>The steps per axis.</summary>
    public IReadOnlyList<int> Strides { get; }

    /// <summary>"valid" or "same".</summary>
    public string Padding { get; }

    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs)
    {
        bool first = DataFormat == "channels_first";
        Tensor x = first ? ConvArguments.ToChannelsLast(inputs) : inputs;
        Tensor y = (Rank, _max) switch
        {
            (1, true) => Ops.MaxPool1D(x, PoolSize[0], Strides[0], Padding),
            (1, false) => Ops.AvgPool1D(x, PoolSize[0], Strides[0], Padding),
            (_, true) => Ops.MaxPool2D(x, [.. PoolSize], [.. Strides], Padding),
            _ => Ops.AvgPool2D(x, [.. PoolSize], [.. Strides], Padding),
        };
        return first ? ConvArguments.ToChannelsFirst(y) : y;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["pool_size"] = ConvArguments.List([.. PoolSize]);
        config["padding"] = Padding;
        config["strides"] = ConvArguments.List([.. Strides]);
        config["data_format"] = DataFormat;
        return config;
    }
}
