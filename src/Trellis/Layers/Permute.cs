namespace Trellis.Layers;

/// <summary>Permutes the non-batch axes (Keras <c>Permute</c>); <c>dims</c> are 1-based, e.g. (2, 1) swaps axes 1 and 2.</summary>
public sealed class Permute : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="dims">A permutation of 1..rank-1.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>permute</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException"><paramref name="dims"/> is not a permutation of 1..n.</exception>
    public Permute(int[] dims, Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(name, dtype)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (!dims.Order().SequenceEqual(Enumerable.Range(1, dims.Length)))
        {
            throw new ArgumentException($"Permute expects a permutation of 1..{dims.Length}, but received ({string.Join(", ", dims)}).", nameof(dims));
        }
        Dims = [.. dims];
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(Rank: dims.Length + 1);
    }

    /// <summary>The 1-based permutation.</summary>
    public IReadOnlyList<int> Dims { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs) => Ops.Transpose(inputs, [0, .. Dims]);

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => new([inputShape[0], .. Dims.Select(d => inputShape[d])]);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["dims"] = Dims.Select(d => (object?)d).ToList();
        return config;
    }
}
