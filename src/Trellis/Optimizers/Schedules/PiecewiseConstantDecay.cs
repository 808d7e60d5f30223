namespace Trellis.Optimizers.Schedules;

/// <summary>values[0] for step &lt;= boundaries[0], values[i] for boundaries[i-1] &lt; step &lt;= boundaries[i], values[^1] after.</summary>
public sealed class PiecewiseConstantDecay : LearningRateSchedule
{
    private readonly long[] _boundaries;
    private readonly double[] _values;

    /// <summary>Creates the schedule.</summary>
    /// <param name="boundaries">Increasing step boundaries.</param>
    /// <param name="values">One more value than boundaries.</param>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public PiecewiseConstantDecay(long[] boundaries, double[] values)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != boundaries.Length + 1)
        {
            throw new ArgumentException($"PiecewiseConstantDecay needs one more value than boundaries, but received {boundaries.Length} boundaries and {values.Length} values.", nameof(values));
        }
        _boundaries = [.. boundaries];
        _values = [.. values];
    }

    /// <inheritdoc/>
    public override double Compute(long iteration)
    {
        for (int i = 0; i < _boundaries.Length; i++)
        {
            if (iteration <= _boundaries[i])
            {
                return _values[i];
            }
        }
        return _values[^1];
    }

    /// <inheritdoc/>
    public override Tensor Compute(Tensor iteration)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        var value = Tensor.Scalar(_values[^1], DType.Float64);
        for (int i = _boundaries.Length - 1; i >= 0; i--)
        {
            var atOrBefore = Ops.LessEqual(iteration, Tensor.Scalar(_boundaries[i], DType.Float64));
            value = Ops.Where(atOrBefore, Tensor.Scalar(_values[i], DType.Float64), value);
        }
        return value;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["boundaries"] = _boundaries.Select(b => (object?)b).ToList(),
        ["values"] = _values.Select(v => (object?)v).ToList(),
    };
}
