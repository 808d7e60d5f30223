using Trellis.Tracking;

namespace Trellis.Layers;

/// <summary>
/// During training, zeroes each input element with probability <c>rate</c> and scales the others by 1 / (1 - rate);
/// at inference, the identity.
/// </summary>
/// <remarks>With a seed, the sequence of masks is reproducible: call i uses the counter range after call i - 1's. The
/// position is the tracked <see cref="SeedGenerator"/> state, saved with the model, so a resumed run draws the masks the
/// uninterrupted run would have drawn.</remarks>
public sealed class Dropout : Layer
{
    [TrackAs("seed_generator")] // Keras 3's name
    private readonly SeedGenerator _seedGenerator;

    /// <summary>Creates the layer.</summary>
    /// <param name="rate">The fraction dropped, in [0, 1).</param>
    /// <param name="seed">Seed for reproducible masks; null draws one.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>dropout</c>, <c>dropout_1</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is outside [0, 1).</exception>
    public Dropout(double rate, long? seed = null, Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(name, dtype)
    {
        if (!(rate >= 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "Dropout expects a rate in [0, 1).");
        }
        Rate = rate;
        Seed = seed;
        _seedGenerator = new SeedGenerator(seed);
        DeclaredInputShape = inputShape;
    }

    /// <summary>The fraction dropped.</summary>
    public double Rate { get; }

    /// <summary>The seed given, or null.</summary>
    public long? Seed { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs) => inputs;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || Rate == 0)
        {
            return inputs;
        }
        return inputs * _seedGenerator.DropoutMask(inputs.Shape, inputs.DType, Rate);
    }

    /// <summary>The random stream of the masks (its state is saved with the model).</summary>
    internal SeedGenerator SeedGenerator => _seedGenerator;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["rate"] = Rate;
        config["seed"] = Seed;
        config["noise_shape"] = null;
        return config;
    }
}
