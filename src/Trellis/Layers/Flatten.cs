namespace Trellis.Layers;

/// <summary>Flattens every axis but the batch axis: (batch, d1, d2, ...) becomes (batch, d1 * d2 * ...).</summary>
public sealed class Flatten : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>flatten</c>, <c>flatten_1</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    public Flatten(Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(name, dtype)
    {
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(MinRank: 1);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs)
        => Ops.Reshape(inputs, [inputs.Shape[0], inputs.Shape[0] == 0 ? 0 : inputs.Size / inputs.Shape[0]]);

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        int size = 1;
        for (int i = 1; i < inputShape.Rank; i++)
        {
            size = inputShape[i] == Shape.Unknown || size == Shape.Unknown ? Shape.Unknown : size * inputShape[i];
        }
        return [inputShape[0], size];
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["data_format"] = "channels_last";
        return config;
    }
}
