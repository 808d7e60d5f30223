namespace Trellis.Optimizers.Schedules;

/// <summary>lr / (1 + decayRate * step / decaySteps), the ratio floored when <c>staircase</c>.</summary>
/// <param name="initialLearningRate">The rate at step 0.</param>
/// <param name="decaySteps">Steps per decay period.</param>
/// <param name="decayRate">The decay rate.</param>
/// <param name="staircase">Decay in discrete steps.</param>
public sealed class InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false) : LearningRateSchedule
{
    /// <inheritdoc/>
    public override double Compute(long iteration)
    {
        double p = (double)iteration / decaySteps;
        return initialLearningRate / (1 + decayRate * (staircase ? Math.Floor(p) : p));
    }

    /// <inheritdoc/>
    public override Tensor Compute(Tensor iteration)
    {
        var p = iteration / decaySteps;
        return initialLearningRate / (1 + decayRate * (staircase ? Ops.Floor(p) : p));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = initialLearningRate,
        ["decay_steps"] = decaySteps,
        ["decay_rate"] = decayRate,
        ["staircase"] = staircase,
    };
}
