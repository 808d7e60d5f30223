namespace Trellis.Models;

/// <summary>
/// Hooks into <c>Fit</c> (Keras <c>Callback</c>). Override the events you need; <c>logs</c> maps metric
/// names (<c>loss</c>, <c>accuracy</c>, <c>val_loss</c>...) to their current values.
/// </summary>
/// <remarks>
/// The base lives beside <see cref="Model"/> because training calls it; ready-made callbacks such as
/// <c>EarlyStopping</c> are in <c>Trellis.Callbacks</c>.
/// </remarks>
public abstract class Callback
{
    /// <summary>The model being trained (set by <c>Fit</c> before the first event).</summary>
    public Model? Model { get; internal set; }

    /// <summary>Before the first epoch.</summary>
    /// <param name="logs">Empty.</param>
    public virtual void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>After the last epoch (or when training stops early).</summary>
    /// <param name="logs">The last epoch's logs.</param>
    public virtual void OnTrainEnd(IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>Before each epoch.</summary>
    /// <param name="epoch">0-based epoch index.</param>
    /// <param name="logs">Empty.</param>
    public virtual void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>After each epoch, with training and validation results.</summary>
    /// <param name="epoch">0-based epoch index.</param>
    /// <param name="logs">The epoch's mean loss and metrics, and <c>val_</c> ones when validating.</param>
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>Before each training batch.</summary>
    /// <param name="batch">0-based batch index within the epoch.</param>
    /// <param name="logs">Empty.</param>
    public virtual void OnTrainBatchBegin(int batch, IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>After each training batch.</summary>
    /// <param name="batch">0-based batch index within the epoch.</param>
    /// <param name="logs">Running means of the loss and metrics over the epoch so far.</param>
    public virtual void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
    }
}
