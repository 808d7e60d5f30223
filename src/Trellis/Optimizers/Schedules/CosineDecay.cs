namespace Trellis.Optimizers.Schedules;

/// <summary>lr ((1 - alpha) 0.5 (1 + cos(pi min(step, decaySteps) / decaySteps)) + alpha).</summary>
/// <param name="initialLearningRate">The rate at step 0.</param>
/// <param name="decaySteps">Steps to reach the minimum.</param>
/// <param name="alpha">The minimum as a fraction of the initial rate.</param>
public sealed class CosineDecay(double initialLearningRate, long decaySteps, double alpha = 0.0) : LearningRateSchedule
{
    /// <inheritdoc/>
    public override double Compute(long iteration)
    {
        double s = Math.Min(iteration, decaySteps);
        double cosine = 0.5 * (1 + Math.Cos(Math.PI * s / decaySteps));
        return initialLearningRate * ((1 - alpha) * cosine + alpha);
    }

    /// <inheritdoc/>
    public override Tensor Compute(Tensor iteration)
    {
        var s = Ops.Minimum(iteration, Tensor.Scalar(decaySteps, DType.Float64));
        var cosine = 0.5 * (1 + Ops.Cos(s * Math.PI / decaySteps));
        return initialLearningRate * ((1 - alpha) * cosine + alpha);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = initialLearningRate,
        ["decay_steps"] = decaySteps,
        ["alpha"] = alpha,
    };
}
