namespace Trellis.Layers;

/// <summary>Repeats each sample vector n times: (batch, features) becomes (batch, n, features) (Keras <c>RepeatVector</c>).</summary>
public sealed class RepeatVector : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="n">The number of repetitions.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>repeat_vector</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    public RepeatVector(int n, Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(name, dtype)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        N = n;
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(Rank: 2);
    }

    /// <summary>The number of repetitions.</summary>
    public int N { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs) => Ops.Tile(Ops.ExpandDims(inputs, 1), [1, N, 1]);

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => [inputShape[0], N, inputShape[1]];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["n"] = N;
        return config;
    }
}
