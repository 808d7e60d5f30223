namespace Trellis.Layers;

/// <summary>Dot-product attention (Luong style), as Keras <c>Attention</c>.</summary>
/// <remarks>
/// <para>With query (batch, Tq, dim), value (batch, Tv, dim) and key (batch, Tv, dim) (the value when absent):
/// scores = query·keyᵀ (times the scalar weight <c>scale</c> with <c>useScale</c>), or with
/// <c>scoreMode: "concat"</c> scores = concat_score_weight · Σ tanh(scale · (q_i + k_j)); masked scores get −1e9
/// added; weights = softmax(scores) over Tv; output = weights·value (batch, Tq, dim), times the query mask.</para>
/// <para>Masks: <c>valueMask</c> (batch, Tv) marks valid value steps, <c>queryMask</c> (batch, Tq) zeroes outputs of
/// padded queries, <c>useCausalMask</c> lets query step i see value steps j ≤ i.</para>
/// </remarks>
public partial class Attention : Layer
{
    private readonly AttentionDropout _dropout;
    private Variable? _scale;
    private Variable? _concatScoreWeight;

    /// <summary>Creates the layer.</summary>
    /// <param name="useScale">Learn a scalar multiplier of the scores (weight <c>scale</c>, initialized to one).</param>
    /// <param name="scoreMode"><c>dot</c> or <c>concat</c>.</param>
    /// <param name="name">The layer name; <c>attention</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <param name="dropout">Fraction of the attention weights dropped during training.</param>
    /// <param name="seed">Seed of the dropout mask; null draws one.</param>
    /// <exception cref="ArgumentException">The score mode is unknown.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The dropout rate is outside [0, 1).</exception>
    public Attention(bool useScale = false, string scoreMode = "dot", string? name = null, DType dtype = DType.Float32, double dropout = 0, long? seed = null)
        : base(name, dtype)
    {
        _dropout = new AttentionDropout(dropout, seed, GetType().Name);
        if (scoreMode is not ("dot" or "concat"))
        {
            throw new ArgumentException($"Attention: unknown scoreMode '{scoreMode}'. Expected 'dot' or 'concat'.", nameof(scoreMode));
        }
        UseScale = useScale;
        ScoreMode = scoreMode;
        InputSpec = new InputSpec(Rank: 3);
    }

    /// <summary>Whether the scores are multiplied by a learned scale.</summary>
    public bool UseScale { get; }

    /// <summary><c>dot</c> or <c>concat</c>.</summary>
    public string ScoreMode { get; }

    /// <summary>The fraction of attention weights dropped during training.</summary>
    public double Dropout => _dropout.Rate;

    /// <summary>Runs attention of <paramref name="query"/> over <paramref name="value"/>.</summary>
    /// <param name="query">(batch, Tq, dim).</param>
    /// <param name="value">(batch, Tv, dim).</param>
    /// <param name="key">(batch, Tv, dim); null to use <paramref name="value"/>.</param>
    /// <param name="queryMask">(batch, Tq), true for real query steps; null for none.</param>
    /// <param name="valueMask">(batch, Tv), true for real value steps; null for none.</param>
    /// <param name="useCausalMask">Let query step i attend only to value steps j ≤ i.</param>
    /// <param name="training">True during training.</param>
    /// <returns>(batch, Tq, dim).</returns>
    /// <exception cref="ArgumentException">Ranks, sizes or mask shapes do not match.</exception>
    public Tensor Apply(Tensor query, Tensor value, Tensor? key = null, Tensor? queryMask = null, Tensor? valueMask = null, bool useCausalMask = false, bool training = false)
        => ApplyWithScores(query, value, key, queryMask, valueMask, useCausalMask, training).Output;

    /// <summary>Runs attention and returns the output with the attention weights (batch, Tq, Tv).</summary>
    /// <param name="query">(batch, Tq, dim).</param>
    /// <param name="value">(batch, Tv, dim).</param>
    /// <param name="key">(batch, Tv, dim); null to use <paramref name="value"/>.</param>
    /// <param name="queryMask">(batch, Tq), true for real query steps; null for none.</param>
    /// <param name="valueMask">(batch, Tv), true for real value steps; null for none.</param>
    /// <param name="useCausalMask">Let query step i attend only to value steps j ≤ i.</param>
    /// <param name="training">True during training.</param>
    /// <returns>The output and the weights.</returns>
    /// <exception cref="ArgumentException">Ranks, sizes or mask shapes do not match.</exception>
    public AttentionResult ApplyWithScores(Tensor query, Tensor value, Tensor? key = null, Tensor? queryMask = null, Tensor? valueMask = null, bool useCausalMask = false, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(value);
        query = Cast(query);
        value = Cast(value);
        key = key is null ? value : Cast(key);
        InputSpec?.Check(this, query.Shape);
        InputSpec?.Check(this, value.Shape);
        InputSpec?.Check(this, key.Shape);
        int batch = query.Shape[0], tq = query.Shape[1], tv = value.Shape[1];
        if (key.Shape[1] != tv || key.Shape[0] != value.Shape[0] || value.Shape[0] != batch)
        {
            throw new ArgumentException($"Layer '{Name}' expected query (batch, Tq, dim), value and key (batch, Tv, dim) with one batch and Tv, but received query {query.Shape}, value {value.Shape}, key {key.Shape}.");
        }
        AttentionMasks.CheckShape(this, nameof(queryMask), queryMask, new Shape(batch, tq));
        AttentionMasks.CheckShape(this, nameof(valueMask), valueMask, new Shape(batch, tv));
        EnsureBuilt(query.Shape);

        Tensor scores = CalculateScores(query, key);                        // (B, Tq, Tv)
        Tensor? vMask = AttentionMasks.ToBool(valueMask);
        Tensor? mask = AttentionMasks.And(
            vMask is null ? null : Ops.ExpandDims(vMask, 1),                // (B, 1, Tv)
            useCausalMask ? AttentionMasks.Causal(tq, tv) : null);          // (1, Tq, Tv)
        Tensor weights = AttentionMasks.MaskedSoftmax(scores, mask);        // (B, Tq, Tv)
        Tensor output = Ops.MatMul(_dropout.Apply(weights, training), value);   // (B, Tq, dim)
        if (AttentionMasks.ToBool(queryMask) is { } qMask)
        {
            output *= Ops.Cast(Ops.ExpandDims(qMask, -1), DType);          // (B, Tq, 1)
        }
        return new AttentionResult(output, weights);
    }

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        if (UseScale)
        {
            _scale = AddWeight("scale", Shape.Scalar, "ones");
        }
        if (ScoreMode == "concat")
        {
            _concatScoreWeight = AddWeight("concat_score_weight", Shape.Scalar, "ones");
        }
    }

    /// <summary>The attention logits (batch, Tq, Tv) of each query step against each key step.</summary>
    /// <param name="query">(batch, Tq, dim).</param>
    /// <param name="key">(batch, Tv, dim).</param>
    /// <returns>(batch, Tq, Tv).</returns>
    protected virtual Tensor CalculateScores(Tensor query, Tensor key)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        if (ScoreMode == "dot")
        {
            Tensor scores = Ops.MatMul(query, key, transposeB: true);
            return _scale is null ? scores : scores * _scale;
        }
        Tensor sum = Ops.ExpandDims(query, -2) + Ops.ExpandDims(key, -3);  // (B, Tq, Tv, dim)
        if (_scale is not null)
        {
            sum *= _scale;
        }
        return _concatScoreWeight! * Ops.Sum(Ops.Tanh(sum), axis: -1);
    }

    /// <summary>Self-attention: the input is query, value and key.</summary>
    /// <param name="inputs">(batch, T, dim).</param>
    /// <returns>(batch, T, dim).</returns>
    protected override Tensor Call(Tensor inputs) => ApplyWithScores(inputs, inputs).Output;

    /// <summary>Self-attention: the input is query, value and key.</summary>
    /// <param name="inputs">(batch, T, dim).</param>
    /// <param name="training">True during training (attention dropout).</param>
    /// <returns>(batch, T, dim).</returns>
    protected override Tensor Call(Tensor inputs, bool training) => ApplyWithScores(inputs, inputs, training: training).Output;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["use_scale"] = UseScale;
        config["score_mode"] = ScoreMode;
        config["dropout"] = _dropout.Rate;
        config["seed"] = _dropout.Seed;
        return config;
    }

    private Tensor Cast(Tensor t) => t.DType.IsFloating() && t.DType != DType ? Ops.Cast(t, DType) : t;
}
