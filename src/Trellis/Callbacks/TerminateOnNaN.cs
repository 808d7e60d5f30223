using Trellis.Models;

namespace Trellis.Callbacks;

/// <summary>Stops training as soon as the loss becomes NaN or infinite (Keras <c>TerminateOnNaN</c>).</summary>
public sealed class TerminateOnNaN : Callback
{
    /// <summary>The 0-based batch at which training was stopped, or null.</summary>
    public int? StoppedAtBatch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (logs.TryGetValue("loss", out double loss) && !double.IsFinite(loss))
        {
            StoppedAtBatch = batch;
            Model!.StopTraining = true;
        }
    }
}
