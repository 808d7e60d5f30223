using Trellis.Models;

namespace Trellis.Callbacks;

/// <summary>Sets the learning rate at the start of each epoch from a schedule (Keras <c>LearningRateScheduler</c>).</summary>
/// <param name="schedule">(0-based epoch, current learning rate) to the new learning rate.</param>
public sealed class LearningRateScheduler(Func<int, double, double> schedule) : Callback
{
    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var optimizer = Model!.Optimizer!;
        optimizer.LearningRate = schedule(epoch, optimizer.LearningRate);
    }
}
