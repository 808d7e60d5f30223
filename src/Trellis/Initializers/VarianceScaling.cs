namespace Trellis.Initializers;

/// <summary>
/// Random values whose variance is <c>scale / n</c>, where n is fan-in, fan-out or their mean (Keras's
/// <c>VarianceScaling</c>, the base of the Glorot, He and LeCun initializers).
/// </summary>
/// <remarks>
/// <c>truncated_normal</c>: stddev = sqrt(scale / n) / 0.87962566103423978 (the stddev of a unit normal truncated at
/// two standard deviations), values redrawn beyond two stddev; <c>untruncated_normal</c>: stddev = sqrt(scale / n);
/// <c>uniform</c>: limit = sqrt(3 scale / n), values in [-limit, limit).
/// </remarks>
public class VarianceScaling : IInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="scale">Positive scale factor.</param>
    /// <param name="mode"><c>fan_in</c>, <c>fan_out</c> or <c>fan_avg</c>.</param>
    /// <param name="distribution"><c>truncated_normal</c>, <c>untruncated_normal</c> or <c>uniform</c>.</param>
    /// <param name="seed">Seed; the same seed gives the same values on every call. Null draws fresh values each call.</param>
    /// <exception cref="ArgumentException">The scale is not positive, or the mode or distribution is unknown.</exception>
    public VarianceScaling(double scale = 1.0, string mode = "fan_in", string distribution = "truncated_normal", long? seed = null)
    {
        if (!(scale > 0))
        {
            throw new ArgumentException($"VarianceScaling expects a positive scale, but received {scale}.", nameof(scale));
        }
        if (mode is not ("fan_in" or "fan_out" or "fan_avg"))
        {
            throw new ArgumentException($"VarianceScaling expects mode 'fan_in', 'fan_out' or 'fan_avg', but received '{mode}'.", nameof(mode));
        }
        if (distribution is not ("truncated_normal" or "untruncated_normal" or "uniform"))
        {
            throw new ArgumentException($"VarianceScaling expects distribution 'truncated_normal', 'untruncated_normal' or 'uniform', but received '{distribution}'.", nameof(distribution));
        }
        Scale = scale;
        Mode = mode;
        Distribution = distribution;
        Seed = seed;
    }

    /// <summary>The scale factor.</summary>
    public double Scale { get; }

    /// <summary>The fan mode.</summary>
    public string Mode { get; }

    /// <summary>The distribution.</summary>
    public string Distribution { get; }

    /// <summary>The seed, or null.</summary>
    public long? Seed { get; }

    /// <inheritdoc/>
    public virtual string ClassName => "VarianceScaling";

    /// <inheritdoc/>
    public Tensor Create(Shape shape, DType dtype)
    {
        var (fanIn, fanOut) = Fans.Compute(shape);
        double n = Mode switch
        {
            "fan_in" => fanIn,
            "fan_out" => fanOut,
            _ => (fanIn + fanOut) / 2,
        };
        double variance = Scale / Math.Max(1.0, n);
        return Distribution switch
        {
            "truncated_normal" => Tensor.TruncatedNormal(shape, 0, Math.Sqrt(variance) / 0.87962566103423978, Seed, dtype),
            "untruncated_normal" => Tensor.RandomNormal(shape, 0, Math.Sqrt(variance), Seed, dtype),
            _ => Tensor.RandomUniform(shape, -Math.Sqrt(3 * variance), Math.Sqrt(3 * variance), Seed, dtype),
        };
    }

    /// <inheritdoc/>
    public virtual Dictionary<string, object?> GetConfig() => new()
    {
        ["scale"] = Scale,
        ["mode"] = Mode,
        ["distribution"] = Distribution,
        ["seed"] = Seed,
    };
}
