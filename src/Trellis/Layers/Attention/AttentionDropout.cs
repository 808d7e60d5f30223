namespace Trellis.Layers;

/// <summary>Dropout of attention weights during training (Keras's attention <c>dropout</c>), seeded, scaled by 1 / (1 − rate).</summary>
internal sealed class AttentionDropout
{
    private readonly long _seed;
    private ulong _offset;

    public AttentionDropout(double rate, long? seed, string layer)
    {
        if (!(rate >= 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"{layer} expects a dropout rate in [0, 1).");
        }
        Rate = rate;
        Seed = seed;
        _seed = seed ?? Random.Shared.NextInt64();
    }

    public double Rate { get; }

    public long? Seed { get; }

    public Tensor Apply(Tensor weights, bool training)
    {
        if (!training || Rate == 0)
        {
            return weights;
        }
        Tensor uniform = Tensor.RandomUniform(weights.Shape, seed: _seed, dtype: weights.DType, offset: _offset);
        _offset += (ulong)weights.Size;
        return weights * Ops.Cast(Ops.GreaterEqual(uniform, Tensor.Scalar(Rate, weights.DType)), weights.DType) * (1.0 / (1.0 - Rate));
    }
}
