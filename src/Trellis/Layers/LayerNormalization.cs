using Trellis.Initializers;

namespace Trellis.Layers;

/// <summary>Normalizes each sample over its last axis (Keras <c>LayerNormalization</c>).</summary>
/// <remarks>y = gamma (x - mean) / sqrt(var + epsilon) + beta, statistics over the last axis; weights <c>gamma</c>, <c>beta</c>.</remarks>
public sealed class LayerNormalization : Layer
{
    private Variable? _gamma;
    private Variable? _beta;

    /// <summary>Creates the layer.</summary>
    /// <param name="epsilon">Added to the variance.</param>
    /// <param name="center">Learn an offset <c>beta</c>.</param>
    /// <param name="scale">Learn a scale <c>gamma</c>.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>layer_normalization</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    public LayerNormalization(double epsilon = 1e-3, bool center = true, bool scale = true, Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(name, dtype)
    {
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(MinRank: 1);
    }

    /// <summary>Variance epsilon.</summary>
    public double Epsilon { get; }

    /// <summary>Whether <c>beta</c> is used.</summary>
    public bool Center { get; }

    /// <summary>Whether <c>gamma</c> is used.</summary>
    public bool Scale { get; }

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int features = inputShape[^1];
        if (Scale)
        {
            _gamma = AddWeight("gamma", [features], new Ones());
        }
        if (Center)
        {
            _beta = AddWeight("beta", [features], new Zeros());
        }
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs)
    {
        var mean = Ops.Mean(inputs, -1, keepDims: true);
        var variance = Ops.Mean(Ops.Square(inputs - mean), -1, keepDims: true);
        var y = (inputs - mean) * Ops.Rsqrt(variance + Epsilon);
        if (_gamma is not null)
        {
            y = y * _gamma;
        }
        return _beta is null ? y : y + _beta;
    }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = new List<object?> { -1 };
        config["epsilon"] = Epsilon;
        config["center"] = Center;
        config["scale"] = Scale;
        return config;
    }
}
