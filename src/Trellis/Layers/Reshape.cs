namespace Trellis.Layers;

/// <summary>Reshapes each sample to <c>targetShape</c> (the batch axis is kept; one dimension may be -1).</summary>
public sealed class Reshape : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="targetShape">The shape of one sample, without the batch axis.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>reshape</c>, <c>reshape_1</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    public Reshape(Shape targetShape, Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(name, dtype)
    {
        TargetShape = targetShape;
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(MinRank: 1);
    }

    /// <summary>The shape of one output sample.</summary>
    public Shape TargetShape { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs)
    {
        int sampleSize = inputs.Shape[0] == 0 ? 0 : inputs.Size / inputs.Shape[0];
        int known = 1;
        foreach (int d in TargetShape)
        {
            known *= d == Shape.Unknown ? 1 : d;
        }
        bool inferred = TargetShape.Contains(Shape.Unknown);
        if ((inferred && (known == 0 || sampleSize % known != 0)) || (!inferred && known != sampleSize))
        {
            throw new ArgumentException($"Layer '{Name}' cannot reshape samples of shape {Sample(inputs.Shape)} ({sampleSize} elements) to {TargetShape}.");
        }
        int[] dims = [inputs.Shape[0], .. TargetShape.ToArray()];
        return Ops.Reshape(inputs, dims);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["target_shape"] = LayerConfig.ShapeList(TargetShape);
        return config;
    }

    private static Shape Sample(Shape s) => s.ToArray()[1..];
}
