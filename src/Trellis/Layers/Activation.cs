using Trellis.Activations;

namespace Trellis.Layers;

/// <summary>Applies an activation function element-wise (or along the last axis for softmax).</summary>
public sealed class Activation : Layer
{
    private readonly Func<Tensor, Tensor> _function;

    /// <summary>Creates the layer.</summary>
    /// <param name="activation">A Keras activation name (<c>relu</c>, <c>softmax</c>...).</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>activation</c>, <c>activation_1</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException">The activation name is unknown.</exception>
    public Activation(string activation, Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(name, dtype)
    {
        _function = ActivationFunctions.Get(activation);
        ActivationName = activation;
        DeclaredInputShape = inputShape;
    }

    /// <summary>The activation's name.</summary>
    public string ActivationName { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs) => _function(inputs);

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["activation"] = ActivationName;
        return config;
    }
}
