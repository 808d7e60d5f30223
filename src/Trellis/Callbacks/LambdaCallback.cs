using Trellis.Models;

namespace Trellis.Callbacks;

/// <summary>A callback built from delegates (Keras <c>LambdaCallback</c>); any may be null.</summary>
/// <param name="onEpochBegin">Called with (epoch, logs) before each epoch.</param>
/// <param name="onEpochEnd">Called with (epoch, logs) after each epoch.</param>
/// <param name="onTrainBatchEnd">Called with (batch, logs) after each batch.</param>
/// <param name="onTrainBegin">Called before training.</param>
/// <param name="onTrainEnd">Called after training.</param>
public sealed class LambdaCallback(
    Action<int, IReadOnlyDictionary<string, double>>? onEpochBegin = null,
    Action<int, IReadOnlyDictionary<string, double>>? onEpochEnd = null,
    Action<int, IReadOnlyDictionary<string, double>>? onTrainBatchEnd = null,
    Action<IReadOnlyDictionary<string, double>>? onTrainBegin = null,
    Action<IReadOnlyDictionary<string, double>>? onTrainEnd = null) : Callback
{
    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs) => onEpochBegin?.Invoke(epoch, logs);

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => onEpochEnd?.Invoke(epoch, logs);

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => onTrainBatchEnd?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs) => onTrainBegin?.Invoke(logs);

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs) => onTrainEnd?.Invoke(logs);
}
