namespace Trellis.Optimizers.Schedules;

/// <summary>(lr - end) (1 - min(step, decaySteps) / decaySteps)^power + end; with <c>cycle</c>, decaySteps grows to the next multiple above step.</summary>
/// <param name="initialLearningRate">The rate at step 0.</param>
/// <param name="decaySteps">Steps to reach the end rate.</param>
/// <param name="endLearningRate">The final rate.</param>
/// <param name="power">The polynomial's power.</param>
/// <param name="cycle">Restart the decay after decaySteps.</param>
public sealed class PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate = 0.0001, double power = 1.0, bool cycle = false) : LearningRateSchedule
{
    /// <inheritdoc/>
    public override double Compute(long iteration)
    {
        double steps = decaySteps;
        double s = iteration;
        if (cycle)
        {
            steps = decaySteps * (iteration == 0 ? 1 : Math.Ceiling(s / decaySteps));
        }
        else
        {
            s = Math.Min(s, decaySteps);
        }
        return (initialLearningRate - endLearningRate) * Math.Pow(1 - s / steps, power) + endLearningRate;
    }

    /// <inheritdoc/>
    public override Tensor Compute(Tensor iteration)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        Tensor steps, s = iteration;
        if (cycle)
        {
            var isFirst = Ops.Equal(iteration, Tensor.Scalar(0.0, DType.Float64));
            steps = Ops.Where(isFirst, Tensor.Scalar(1.0, DType.Float64), Ops.Ceil(iteration / decaySteps)) * decaySteps;
        }
        else
        {
            steps = Tensor.Scalar(decaySteps, DType.Float64);
            s = Ops.Minimum(iteration, steps);
        }
        return (initialLearningRate - endLearningRate) * Ops.Pow(1 - s / steps, power) + endLearningRate;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = initialLearningRate,
        ["decay_steps"] = decaySteps,
        ["end_learning_rate"] = endLearningRate,
        ["power"] = power,
        ["cycle"] = cycle,
    };
}
