namespace Trellis.Layers;

/// <summary>Applies a layer to every time step of (batch, time, ...) inputs, as Keras <c>TimeDistributed</c>.</summary>
/// <remarks>
/// The time axis is folded into the batch: (batch, time, ...) becomes (batch · time, ...), the wrapped layer runs once
/// on that, and the result is unfolded to (batch, time, ...). The same weights serve every step. The wrapped layer is
/// tracked as <c>layer</c>.
/// </remarks>
public sealed class TimeDistributed : Layer
{
    private readonly Layer _layer;

    /// <summary>Creates the wrapper.</summary>
    /// <param name="layer">The layer applied to each step, built for (batch, ...) inputs.</param>
    /// <param name="inputShape">The input shape without the batch axis, (time, ...), when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>time_distributed</c>... by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null.</exception>
    public TimeDistributed(Layer layer, Shape? inputShape = null, string? name = null)
        : base(name, (layer ?? throw new ArgumentNullException(nameof(layer))).DType)
    {
        _layer = layer;
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(MinRank: 3);
    }

    /// <summary>The wrapped layer.</summary>
    public Layer Layer => _layer;

    /// <inheritdoc/>
    protected override void Build(Shape inputShape) => _layer.EnsureBuilt(Fold(inputShape));

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs) => Call(inputs, training: false);

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        int batch = inputs.Shape[0], steps = inputs.Shape[1];
        Tensor flat = Ops.Reshape(inputs, Fold(inputs.Shape));               // (B·T, ...)
        Tensor y = _layer.Apply(flat, training);                              // (B·T, ...out)
        int[] outShape = [batch, steps, .. y.Shape.Dims[1..]];
        return Ops.Reshape(y, outShape);                                      // (B, T, ...out)
    }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        Shape inner = _layer.ComputeOutputShape(Fold(inputShape));
        return new Shape([inputShape[0], inputShape[1], .. inner.Dims[1..]]);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["layer"] = CellConfig.SerializeLayer(_layer);
        return config;
    }

    private static Shape Fold(Shape shape)
    {
        int folded = shape[0] == Shape.Unknown || shape[1] == Shape.Unknown ? Shape.Unknown : shape[0] * shape[1];
        return new Shape([folded, .. shape.Dims[2..]]);
    }
}
