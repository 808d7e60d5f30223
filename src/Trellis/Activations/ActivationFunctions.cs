namespace Trellis.Activations;

/// <summary>Keras activation functions, by name (<see cref="Get"/>) or as methods. All are differentiable.</summary>
public static class ActivationFunctions
{
    private static readonly string[] s_names =
    [
        "linear", "relu", "sigmoid", "tanh", "softmax", "log_softmax", "elu", "selu", "gelu", "softplus", "softsign",
        "swish", "silu", "leaky_relu", "relu6", "hard_sigmoid", "exponential",
    ];

    /// <summary>The names <see cref="Get"/> accepts.</summary>
    public static IReadOnlyList<string> Names => s_names;

    /// <summary>The activation function for a Keras name; null or empty means linear.</summary>
    /// <param name="name">For example <c>relu</c>, <c>softmax</c>, <c>swish</c>; case-insensitive.</param>
    /// <returns>The function.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Func<Tensor, Tensor> Get(string? name) => (name ?? "linear").ToLowerInvariant() switch
    {
        "" or "linear" or "none" => Linear,
        "relu" => Relu,
        "sigmoid" => Sigmoid,
        "tanh" => Tanh,
        "softmax" => x => Softmax(x),
        "log_softmax" => x => LogSoftmax(x),
        "elu" => x => Elu(x),
        "selu" => Selu,
        "gelu" => x => Gelu(x),
        "softplus" => Softplus,
        "softsign" => Softsign,
        "swish" or "silu" => Swish,
        "leaky_relu" => x => LeakyRelu(x),
        "relu6" => Relu6,
        "hard_sigmoid" => HardSigmoid,
        "exponential" => Ops.Exp,
        _ => throw new ArgumentException($"Unknown activation '{name}'. Expected one of: {string.Join(", ", s_names)}.", nameof(name)),
    };

    /// <summary>The identity: f(x) = x.</summary>
    public static Tensor Linear(Tensor x) => x;

    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(Tensor x) => Ops.Relu(x);

    /// <summary>1 / (1 + exp(-x)).</summary>
    public static Tensor Sigmoid(Tensor x) => Ops.Sigmoid(x);

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x) => Ops.Tanh(x);

    /// <summary>exp(x) / sum(exp(x)) along <paramref name="axis"/>, computed after subtracting the max for stability.</summary>
    /// <param name="x">Logits.</param>
    /// <param name="axis">The axis that sums to one.</param>
    public static Tensor Softmax(Tensor x, int axis = -1) => Ops.Softmax(x, axis);

    /// <summary>x - log(sum(exp(x))) along <paramref name="axis"/>, stable for large logits.</summary>
    /// <param name="x">Logits.</param>
    /// <param name="axis">The normalized axis.</param>
    public static Tensor LogSoftmax(Tensor x, int axis = -1) => Ops.LogSoftmax(x, axis);

    /// <summary>x for x &gt; 0, alpha (exp(x) - 1) otherwise.</summary>
    public static Tensor Elu(Tensor x, double alpha = 1.0) => Ops.Elu(x, alpha);

    /// <summary>Scaled ELU with the self-normalizing constants (scale 1.0507..., alpha 1.6732...).</summary>
    public static Tensor Selu(Tensor x) => Ops.Selu(x);

    /// <summary>x Φ(x) (exact with erf, or the tanh approximation).</summary>
    public static Tensor Gelu(Tensor x, bool approximate = false) => Ops.Gelu(x, approximate);

    /// <summary>log(1 + exp(x)).</summary>
    public static Tensor Softplus(Tensor x) => Ops.Softplus(x);

    /// <summary>x / (1 + |x|).</summary>
    public static Tensor Softsign(Tensor x) => Ops.Softsign(x);

    /// <summary>x sigmoid(x) (also called SiLU).</summary>
    public static Tensor Swish(Tensor x) => Ops.Swish(x);

    /// <summary>x for x &gt; 0, negativeSlope x otherwise (Keras default slope 0.2).</summary>
    public static Tensor LeakyRelu(Tensor x, double negativeSlope = 0.2) => Ops.LeakyRelu(x, negativeSlope);

    /// <summary>min(max(x, 0), 6).</summary>
    public static Tensor Relu6(Tensor x) => Ops.Relu6(x);

    /// <summary>Keras 3's piecewise-linear sigmoid: relu6(x + 3) / 6.</summary>
    public static Tensor HardSigmoid(Tensor x) => Ops.Relu6(x + 3.0) / 6.0;
}
