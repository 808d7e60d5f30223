using Trellis.Initializers;
using Trellis.Regularizers;

namespace Trellis.Layers;

/// <summary>Multi-head scaled dot-product attention (Vaswani et al., 2017), as Keras <c>MultiHeadAttention</c>.</summary>
/// <remarks>
/// <para>Weights (Keras layout), in this order: <c>query/kernel</c> (query dim, heads, keyDim) and <c>query/bias</c>
/// (heads, keyDim); <c>key/kernel</c> (key dim, heads, keyDim), <c>key/bias</c>; <c>value/kernel</c>
/// (value dim, heads, valueDim), <c>value/bias</c> (heads, valueDim); <c>attention_output/kernel</c>
/// (heads, valueDim, out) and <c>attention_output/bias</c> (out), where out is <c>outputShape</c> or the query dim.</para>
/// <para>Math: Q = query·W_q + b_q (batch, Tq, heads, keyDim), likewise K and V over the value length Tv;
/// scores = (Q / √keyDim)·Kᵀ per head (batch, heads, Tq, Tv); masked scores get −1e9 added; weights = softmax over Tv;
/// output = Σ_heads (weights·V)·W_o + b_o (batch, Tq, out).</para>
/// <para>Masks (true = may attend): <c>attentionMask</c> (batch, Tq, Tv), <c>queryMask</c> (batch, Tq),
/// <c>valueMask</c> (batch, Tv) and <c>useCausalMask</c> (j ≤ i) are combined with a logical and, as Keras does.
/// Attention runs over the sequence axis of rank-3 inputs (Keras's default <c>attention_axes</c>).</para>
/// </remarks>
public sealed partial class MultiHeadAttention : Layer
{
    private readonly AttentionDropout _dropout;
    private Shape? _valueShape;
    private Shape? _keyShape;
    private HeadDense? _queryDense;
    private HeadDense? _keyDense;
    private HeadDense? _valueDense;
    private HeadDense? _outputDense;

    /// <summary>Creates the layer.</summary>
    /// <param name="numHeads">The number of attention heads.</param>
    /// <param name="keyDim">The size of each head's query and key projections.</param>
    /// <param name="valueDim">The size of each head's value projection; <paramref name="keyDim"/> when null.</param>
    /// <param name="useBias">Whether the four projections add biases.</param>
    /// <param name="outputShape">The output's last axis; the query's last axis when null.</param>
    /// <param name="kernelInitializer">Initializer of the four kernels.</param>
    /// <param name="biasInitializer">Initializer of the four biases.</param>
    /// <param name="kernelRegularizer">Penalty on the kernels, or null.</param>
    /// <param name="biasRegularizer">Penalty on the biases, or null.</param>
    /// <param name="name">The layer name; <c>multi_head_attention</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <param name="dropout">Fraction of the attention weights dropped during training.</param>
    /// <param name="seed">Seed of the dropout mask; null draws one.</param>
    /// <exception cref="ArgumentException">A size is not positive, or an initializer name is unknown.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The dropout rate is outside [0, 1).</exception>
    public MultiHeadAttention(int numHeads, int keyDim, int? valueDim = null, bool useBias = true, int? outputShape = null,
        string kernelInitializer = "glorot_uniform", string biasInitializer = "zeros", IRegularizer? kernelRegularizer = null,
        IRegularizer? biasRegularizer = null, string? name = null, DType dtype = DType.Float32, double dropout = 0, long? seed = null)
        : base(name, dtype)
    {
        _dropout = new AttentionDropout(dropout, seed, nameof(MultiHeadAttention));
        if (numHeads <= 0 || keyDim <= 0 || valueDim <= 0 || outputShape <= 0)
        {
            throw new ArgumentException($"MultiHeadAttention expects positive numHeads, keyDim, valueDim and outputShape, but received {numHeads}, {keyDim}, {valueDim}, {outputShape}.");
        }
        NumHeads = numHeads;
        KeyDim = keyDim;
        ValueDim = valueDim ?? keyDim;
        UseBias = useBias;
        OutputShape = outputShape;
        KernelInitializer = InitializerRegistry.Get(kernelInitializer);
        BiasInitializer = InitializerRegistry.Get(biasInitializer);
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
        InputSpec = new InputSpec(Rank: 3);
    }

    /// <summary>The number of heads.</summary>
    public int NumHeads { get; }

    /// <summary>The per-head query and key size.</summary>
    public int KeyDim { get; }

    /// <summary>The per-head value size.</summary>
    public int ValueDim { get; }

    /// <summary>The fraction of attention weights dropped during training.</summary>
    public double Dropout => _dropout.Rate;

    /// <summary>Whether the projections add biases.</summary>
    public bool UseBias { get; }

    /// <summary>The output's last axis, or null for the query's.</summary>
    public int? OutputShape { get; }

    /// <summary>The kernel initializer.</summary>
    public IInitializer KernelInitializer { get; }

    /// <summary>The bias initializer.</summary>
    public IInitializer BiasInitializer { get; }

    /// <summary>The kernel penalty, or null.</summary>
    public IRegularizer? KernelRegularizer { get; }

    /// <summary>The bias penalty, or null.</summary>
    public IRegularizer? BiasRegularizer { get; }

    /// <summary>Runs attention of <paramref name="query"/> over <paramref name="value"/>.</summary>
    /// <param name="query">(batch, Tq, query dim).</param>
    /// <param name="value">(batch, Tv, value dim).</param>
    /// <param name="key">(batch, Tv, key dim); null to use <paramref name="value"/>.</param>
    /// <param name="attentionMask">(batch, Tq, Tv), true where query i may attend to value j; null for none.</param>
    /// <param name="queryMask">(batch, Tq), true for real query steps; null for none.</param>
    /// <param name="valueMask">(batch, Tv), true for real value steps; null for none.</param>
    /// <param name="useCausalMask">Let query step i attend only to value steps j ≤ i.</param>
    /// <param name="training">True during training.</param>
    /// <returns>(batch, Tq, out).</returns>
    /// <exception cref="ArgumentException">Ranks, sizes or mask shapes do not match.</exception>
    public Tensor Apply(Tensor query, Tensor value, Tensor? key = null, Tensor? attentionMask = null, Tensor? queryMask = null,
        Tensor? valueMask = null, bool useCausalMask = false, bool training = false)
        => ApplyWithScores(query, value, key, attentionMask, queryMask, valueMask, useCausalMask, training).Output;

    /// <summary>Runs attention and returns the output with the attention weights (batch, heads, Tq, Tv).</summary>
    /// <param name="query">(batch, Tq, query dim).</param>
    /// <param name="value">(batch, Tv, value dim).</param>
    /// <param name="key">(batch, Tv, key dim); null to use <paramref name="value"/>.</param>
    /// <param name="attentionMask">(batch, Tq, Tv), true where query i may attend to value j; null for none.</param>
    /// <param name="queryMask">(batch, Tq), true for real query steps; null for none.</param>
    /// <param name="valueMask">(batch, Tv), true for real value steps; null for none.</param>
    /// <param name="useCausalMask">Let query step i attend only to value steps j ≤ i.</param>
    /// <param name="training">True during training.</param>
    /// <returns>The output and the weights.</returns>
    /// <exception cref="ArgumentException">Ranks, sizes or mask shapes do not match.</exception>
    public AttentionResult ApplyWithScores(Tensor query, Tensor value, Tensor? key = null, Tensor? attentionMask = null, Tensor? queryMask = null,
        Tensor? valueMask = null, bool useCausalMask = false, bool training = false)
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
        if (key.Shape[1] != tv || key.Shape[0] != batch || value.Shape[0] != batch)
        {
            throw new ArgumentException($"Layer '{Name}' expected query (batch, Tq, dim), value and key (batch, Tv, dim) with one batch and Tv, but received query {query.Shape}, value {value.Shape}, key {key.Shape}.");
        }
        AttentionMasks.CheckShape(this, nameof(attentionMask), attentionMask, new Shape(batch, tq, tv));
        AttentionMasks.CheckShape(this, nameof(queryMask), queryMask, new Shape(batch, tq));
        AttentionMasks.CheckShape(this, nameof(valueMask), valueMask, new Shape(batch, tv));
        if (!Built)
        {
            _valueShape = value.Shape;
            _keyShape = key.Shape;
        }
        EnsureBuilt(query.Shape);

        Tensor q = _queryDense!.Apply(query, training);                     // (B, Tq, H, K)
        Tensor k = _keyDense!.Apply(key, training);                         // (B, Tv, H, K)
        Tensor v = _valueDense!.Apply(value, training);                     // (B, Tv, H, Kv)
        q *= 1.0 / Math.Sqrt(KeyDim);
        Tensor qh = Ops.Transpose(q, [0, 2, 1, 3]);                          // (B, H, Tq, K)
        Tensor kh = Ops.Transpose(k, [0, 2, 1, 3]);                          // (B, H, Tv, K)
        Tensor vh = Ops.Transpose(v, [0, 2, 1, 3]);                          // (B, H, Tv, Kv)
        Tensor scores = Ops.MatMul(qh, kh, transposeB: true);                // (B, H, Tq, Tv)

        Tensor? qMask = AttentionMasks.ToBool(queryMask), vMask = AttentionMasks.ToBool(valueMask);
        Tensor? mask = AttentionMasks.And(
            AttentionMasks.ToBool(attentionMask),                            // (B, Tq, Tv)
            qMask is null ? null : Ops.ExpandDims(qMask, -1),                // (B, Tq, 1)
            vMask is null ? null : Ops.ExpandDims(vMask, 1),                 // (B, 1, Tv)
            useCausalMask ? AttentionMasks.Causal(tq, tv) : null);           // (1, Tq, Tv)
        Tensor weights = AttentionMasks.MaskedSoftmax(scores, mask is null ? null : Ops.ExpandDims(mask, 1));   // (B, H, Tq, Tv)
        Tensor attended = Ops.Transpose(Ops.MatMul(_dropout.Apply(weights, training), vh), [0, 2, 1, 3]);   // (B, Tq, H, Kv)
        Tensor output = _outputDense!.Apply(attended, training);             // (B, Tq, out)
        return new AttentionResult(output, weights);
    }

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int queryDim = RecurrentShapes.KnownLastAxis(this, inputShape);
        _queryDense = Projection([NumHeads, KeyDim], 1, "query");
        _keyDense = Projection([NumHeads, KeyDim], 1, "key");
        _valueDense = Projection([NumHeads, ValueDim], 1, "value");
        _outputDense = Projection([OutputShape ?? queryDim], 2, "attention_output");
        // Create every weight now, as Keras's build does, so a built layer (e.g. one just loaded) has all its variables
        // before weights are restored. Without a call telling otherwise, value and key are the query (self-attention).
        Shape valueShape = _valueShape ?? inputShape, keyShape = _keyShape ?? valueShape;
        _queryDense.EnsureBuilt(inputShape);
        _keyDense.EnsureBuilt(keyShape);
        _valueDense.EnsureBuilt(valueShape);
        _outputDense.EnsureBuilt(new Shape(inputShape[0], inputShape[1], NumHeads, ValueDim));
    }

    /// <summary>Self-attention: the input is query, value and key.</summary>
    /// <param name="inputs">(batch, T, dim).</param>
    /// <returns>(batch, T, out).</returns>
    protected override Tensor Call(Tensor inputs) => ApplyWithScores(inputs, inputs).Output;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => ApplyWithScores(inputs, inputs, training: training).Output;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape.With(-1, OutputShape ?? inputShape[^1]);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["num_heads"] = NumHeads;
        config["key_dim"] = KeyDim;
        config["value_dim"] = ValueDim;
        config["dropout"] = _dropout.Rate;
        config["use_bias"] = UseBias;
        config["output_shape"] = OutputShape;
        config["attention_axes"] = null;
        config["kernel_initializer"] = InitializerRegistry.Serialize(KernelInitializer);
        config["bias_initializer"] = InitializerRegistry.Serialize(BiasInitializer);
        config["kernel_regularizer"] = LayerConfig.Serialize(KernelRegularizer);
        config["bias_regularizer"] = LayerConfig.Serialize(BiasRegularizer);
        config["activity_regularizer"] = null;
        config["kernel_constraint"] = null;
        config["bias_constraint"] = null;
        config["seed"] = _dropout.Seed;
        return config;
    }

    private HeadDense Projection(int[] outputDims, int inputAxes, string name) =>
        new(outputDims, inputAxes, UseBias, KernelInitializer, BiasInitializer, KernelRegularizer, BiasRegularizer, name, DType);

    private Tensor Cast(Tensor t) => t.DType.IsFloating() && t.DType != DType ? Ops.Cast(t, DType) : t;
}
