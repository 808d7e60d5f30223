using Trellis.Tracking;

namespace Trellis.Layers;

/// <summary>Additive attention (Bahdanau style), as Keras <c>AdditiveAttention</c>.</summary>
/// <remarks>
/// scores[b, i, j] = Σ_d scale[d] · tanh(query[b, i, d] + key[b, j, d]), with the weight <c>scale</c> (dim)
/// (glorot_uniform) when <c>useScale</c> (the default), else a sum of the tanh values. Masks, softmax and the output
/// are as in <see cref="Attention"/>.
/// </remarks>
public sealed class AdditiveAttention : Attention
{
    // Tracked by AddWeight as "scale"; the base class's scalar field has that member name already.
    [NotTracked]
    private Variable? _scale;

    /// <summary>Creates the layer.</summary>
    /// <param name="useScale">Learn a per-feature scale of the tanh terms (weight <c>scale</c>, shape (dim)).</param>
    /// <param name="name">The layer name; <c>additive_attention</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <param name="dropout">Fraction of the attention weights dropped during training.</param>
    /// <param name="seed">Seed of the dropout mask; null draws one.</param>
    /// <exception cref="ArgumentOutOfRangeException">The dropout rate is outside [0, 1).</exception>
    public AdditiveAttention(bool useScale = true, string? name = null, DType dtype = DType.Float32, double dropout = 0, long? seed = null)
        : base(useScale, scoreMode: "dot", name, dtype, dropout, seed)
    {
    }

    /// <inheritdoc/>
    /// <remarks>Replaces <see cref="Attention"/>'s scalar scale with the vector one.</remarks>
    protected override void Build(Shape inputShape)
    {
        if (UseScale)
        {
            _scale = AddWeight("scale", [RecurrentShapes.KnownLastAxis(this, inputShape)], "glorot_uniform");
        }
    }

    /// <inheritdoc/>
    protected override Tensor CalculateScores(Tensor query, Tensor key)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        Tensor t = Ops.Tanh(Ops.ExpandDims(query, -2) + Ops.ExpandDims(key, -3));   // (B, Tq, Tv, dim)
        return Ops.Sum(_scale is null ? t : t * _scale, axis: -1);                   // (B, Tq, Tv)
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config.Remove("score_mode");
        return config;
    }
}
