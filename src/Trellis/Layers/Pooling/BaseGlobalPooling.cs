namespace Trellis.Layers;

/// <summary>The shared part of the global pooling layers: reduce every spatial axis by mean or max.</summary>
public abstract class BaseGlobalPooling : Layer
{
    private readonly bool _max;

    /// <summary>Creates the layer.</summary>
    /// <param name="rank">1 or 2 spatial axes.</param>
    /// <param name="max">True for max, false for mean.</param>
    /// <param name="dataFormat">"channels_last" (default) or "channels_first".</param>
    /// <param name="keepDims">Keep the reduced axes with size 1.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException">The data format is unknown.</exception>
    protected BaseGlobalPooling(int rank, bool max, string? dataFormat, bool keepDims, Shape? inputShape, string? name, DType dtype)
        : base(name, dtype)
    {
        Rank = rank;
        _max = max;
        DataFormat = ConvArguments.DataFormat(GetType().Name, dataFormat);
        KeepDims = keepDims;
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(Rank: rank + 2);
    }

    /// <summary>The number of spatial axes.</summary>
    public int Rank { get; }

    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <summary>Whether the reduced axes are kept with size 1.</summary>
    public bool KeepDims { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs)
    {
        int start = DataFormat == "channels_first" ? 2 : 1;
        int[] axes = [.. Enumerable.Range(start, Rank)];
        return _max ? Ops.Max(inputs, axes, KeepDims) : Ops.Mean(inputs, axes, KeepDims);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["data_format"] = DataFormat;
        config["keepdims"] = KeepDims;
        return config;
    }
}
