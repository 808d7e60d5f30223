using Trellis.Initializers;

namespace Trellis.Layers;

/// <summary>Normalizes each feature with batch statistics while training and moving averages at inference (Keras <c>BatchNormalization</c>).</summary>
/// <remarks>
/// Training: y = gamma (x - mean_B) / sqrt(var_B + epsilon) + beta with the (biased) batch mean and variance over every
/// axis but <c>axis</c>; then moving = moving * momentum + batch * (1 - momentum). Inference (or a frozen layer, as in
/// Keras 3): the moving statistics replace the batch ones. Weights, in Keras order: <c>gamma</c>, <c>beta</c>
/// (trainable), <c>moving_mean</c>, <c>moving_variance</c> (not trainable).
/// </remarks>
public sealed class BatchNormalization : Layer
{
    private Variable? _gamma;
    private Variable? _beta;
    private Variable? _movingMean;
    private Variable? _movingVariance;

    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The feature axis (normally the last).</param>
    /// <param name="momentum">Moving-average momentum.</param>
    /// <param name="epsilon">Added to the variance.</param>
    /// <param name="center">Learn an offset <c>beta</c>.</param>
    /// <param name="scale">Learn a scale <c>gamma</c>.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>batch_normalization</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    public BatchNormalization(int axis = -1, double momentum = 0.99, double epsilon = 1e-3, bool center = true, bool scale = true,
        Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(name, dtype)
    {
        Axis = axis;
        Momentum = momentum;
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(MinRank: 1);
    }

    /// <summary>The feature axis.</summary>
    public int Axis { get; }

    /// <summary>Moving-average momentum.</summary>
    public double Momentum { get; }

    /// <summary>Variance epsilon.</summary>
    public double Epsilon { get; }

    /// <summary>Whether <c>beta</c> is used.</summary>
    public bool Center { get; }

    /// <summary>Whether <c>gamma</c> is used.</summary>
    public bool Scale { get; }

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int features = inputShape[Axis];
        if (Scale)
        {
            _gamma = AddWeight("gamma", [features], new Ones());
        }
        if (Center)
        {
            _beta = AddWeight("beta", [features], new Zeros());
        }
        _movingMean = AddWeight("moving_mean", [features], new Zeros(), trainable: false);
        _movingVariance = AddWeight("moving_variance", [features], new Ones(), trainable: false);
        InputSpec = new InputSpec(MinRank: 1, Axes: new Dictionary<int, int> { [Axis] = features });
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs) => Call(inputs, training: false);

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        int axis = inputs.Shape.NormalizeAxis(Axis);
        int[] reduce = [.. Enumerable.Range(0, inputs.Rank).Where(a => a != axis)];
        var broadcast = Enumerable.Repeat(1, inputs.Rank).ToArray();
        broadcast[axis] = inputs.Shape[axis];
        Tensor mean, variance;
        if (training && Trainable)
        {
            mean = Ops.Mean(inputs, reduce, keepDims: true);
            variance = Ops.Mean(Ops.Square(inputs - mean), reduce, keepDims: true);
            _movingMean!.Assign(_movingMean * Momentum + Ops.Reshape(Ops.StopGradient(mean), _movingMean.Shape) * (1 - Momentum));
            _movingVariance!.Assign(_movingVariance * Momentum + Ops.Reshape(Ops.StopGradient(variance), _movingVariance.Shape) * (1 - Momentum));
        }
        else
        {
            mean = Ops.Reshape(_movingMean!, broadcast);
            variance = Ops.Reshape(_movingVariance!, broadcast);
        }
        var y = (inputs - mean) * Ops.Rsqrt(variance + Epsilon);
        if (_gamma is not null)
        {
            y = y * Ops.Reshape(_gamma, broadcast);
        }
        if (_beta is not null)
        {
            y = y + Ops.Reshape(_beta, broadcast);
        }
        return y;
    }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        config["momentum"] = Momentum;
        config["epsilon"] = Epsilon;
        config["center"] = Center;
        config["scale"] = Scale;
        config["beta_initializer"] = InitializerRegistry.Serialize(new Zeros());
        config["gamma_initializer"] = InitializerRegistry.Serialize(new Ones());
        config["moving_mean_initializer"] = InitializerRegistry.Serialize(new Zeros());
        config["moving_variance_initializer"] = InitializerRegistry.Serialize(new Ones());
        return config;
    }
}
