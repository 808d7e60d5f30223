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

    /// <summary>The Keras config of the schedule.</summary>
    /// <returns>A new dictionary.</returns>
    public abstract Dictionary<string, object?> GetConfig();
}
