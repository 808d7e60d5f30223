using Trellis.Tracking;

namespace Trellis.Layers;

/// <summary>Dropout of attention weights during training (Keras's attention <c>dropout</c>), seeded, scaled by 1 / (1 − rate).</summary>
internal sealed class AttentionDropout : Trackable
{
    [TrackAs("seed_generator")] // Keras 3's name
    private readonly SeedGenerator _seedGenerator;

    public AttentionDropout(double rate, long? seed, string layer)
    {
        if (!(rate >= 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"{layer} expects a dropout rate in [0, 1).");
        }
        Rate = rate;
        Seed = seed;
        _seedGenerator = new SeedGenerator(seed);
    }

    public double Rate { get; }

    public long? Seed { get; }

    public Tensor Apply(Tensor weights, bool training)
    {
        if (!training || Rate == 0)
        {
            return weights;
        }
        return weights * _seedGenerator.DropoutMask(weights.Shape, weights.DType, Rate);
    }
}
