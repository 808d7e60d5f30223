namespace Trellis.Layers;

/// <summary>An attention layer's output with its attention weights (Keras's <c>return_attention_scores=True</c>).</summary>
/// <param name="Output">The attended values: (batch, Tq, dim).</param>
/// <param name="Scores">The softmax weights: (batch, Tq, Tv) for <see cref="Attention"/> and
/// <see cref="AdditiveAttention"/>, (batch, heads, Tq, Tv) for <see cref="MultiHeadAttention"/>.</param>
public sealed record AttentionResult(Tensor Output, Tensor Scores);
