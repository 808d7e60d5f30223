namespace Trellis.Models;

/// <summary>The per-epoch values of the loss and metrics, returned by <c>Fit</c> (Keras <c>History</c>).</summary>
/// <example><code>double lastLoss = history["loss"][^1];</code></example>
public sealed class History : Callback
{
    private readonly Dictionary<string, List<double>> _values = [];
    private readonly List<int> _epochs = [];

    /// <summary>The values of one metric, one per epoch.</summary>
    /// <param name="key"><c>loss</c>, <c>accuracy</c>, <c>val_loss</c>...</param>
    /// <exception cref="KeyNotFoundException">No such metric was logged; the message lists the known keys.</exception>
    public IReadOnlyList<double> this[string key] => _values.TryGetValue(key, out var list) ? list
        : throw new KeyNotFoundException($"History has no metric '{key}'. Logged metrics: {string.Join(", ", _values.Keys)}.");

    /// <summary>The logged metric names.</summary>
    public IReadOnlyCollection<string> Keys => _values.Keys;

    /// <summary>The epoch indices recorded (0-based).</summary>
    public IReadOnlyList<int> Epochs => _epochs;

    /// <summary>All values, by metric name (Keras's <c>history.history</c>).</summary>
    public IReadOnlyDictionary<string, List<double>> Values => _values;

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        _epochs.Add(epoch);
        foreach (var (key, value) in logs)
        {
            if (!_values.TryGetValue(key, out var list))
            {
                _values[key] = list = [];
            }
            list.Add(value);
        }
    }
}
