namespace Trellis.Optimizers.Schedules;

/// <summary>A learning rate as a function of the optimizer step (Keras <c>LearningRateSchedule</c>).</summary>
/// <remarks>Set it on an optimizer with <see cref="Optimizer.Schedule"/>; the step is the optimizer's
/// <c>iterations</c> before the update, as in tf.keras 2.</remarks>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate at <paramref name="iteration"/>.</summary>
    /// <param name="iteration">The 0-based optimizer step.</param>
    /// <returns>The learning rate.</returns>
    public abstract double Compute(long iteration);

    /// <summary>The learning rate at a step given as a float64 scalar tensor (symbolic inside a traced training step).</summary>
    /// <param name="iteration">The 0-based optimizer step, float64 scalar.</param>
    /// <returns>The learning rate, float64 scalar.</returns>
    /// <remarks>The built-in schedules compute it with tensor ops, so a traced training step follows the schedule. The
    /// default calls <see cref="Compute(long)"/> and works only on concrete steps: override it in a custom schedule to
    /// train with a traced step (or compile with <c>runEagerly: true</c>).</remarks>
    /// <exception cref="NotSupportedException">The step is symbolic and the schedule does not override this method.</exception>
    public virtual Tensor Compute(Tensor iteration)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        if (iteration.IsSymbolic)
        {
            throw new NotSupportedException($"{GetType().Name} computes its learning rate in C# only; override Compute(Tensor) with tensor ops to use it in a traced training step, or compile the model with runEagerly: true.");
        }
        return Tensor.Scalar(Compute((long)iteration.GetAsDouble(0)), DType.Float64);
    }

    /// <summary>The Keras config of the schedule.</summary>
    /// <returns>A new dictionary.</returns>
    public abstract Dictionary<string, object?> GetConfig();
}
