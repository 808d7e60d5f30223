namespace Trellis.Layers;

/// <summary>
/// Declares a model's input shape (without the batch axis); passes its input through unchanged. Placed first in a
/// <c>Sequential</c> model, it builds the model immediately, as <c>keras.Input</c> does.
/// </summary>
public sealed class InputLayer : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="shape">The shape of one sample, without the batch axis.</param>
    /// <param name="name">The layer name; <c>input_layer</c>, <c>input_layer_1</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    public InputLayer(Shape shape, string? name = null, DType dtype = DType.Float32)
        : base(name, dtype)
    {
        DeclaredInputShape = shape;
        InputSpec = new InputSpec(Rank: shape.Rank + 1);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs) => inputs;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["batch_shape"] = LayerConfig.ShapeList([Shape.Unknown, .. DeclaredInputShape!.Value.ToArray()]);
        config["sparse"] = false;
        return config;
    }
}
