using Trellis.Models;

namespace Trellis.Callbacks;

/// <summary>Stops training when a monitored metric stops improving (Keras <c>EarlyStopping</c>).</summary>
/// <remarks>
/// An epoch improves when the value beats the best so far by more than <c>minDelta</c> (lower for <c>min</c>, higher
/// for <c>max</c>; <c>auto</c> picks <c>max</c> for names containing <c>acc</c>, else <c>min</c>). After
/// <c>patience</c> epochs without improvement, training stops; with <c>restoreBestWeights</c> the weights of the
/// best epoch are put back.
/// </remarks>
public sealed class EarlyStopping : Callback
{
    private double _best;
    private int _wait;
    private Tensor[]? _bestWeights;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The logged value to watch (<c>val_loss</c>, <c>loss</c>, <c>val_accuracy</c>...).</param>
    /// <param name="minDelta">The smallest change that counts as an improvement.</param>
    /// <param name="patience">Epochs without improvement before stopping.</param>
    /// <param name="mode"><c>auto</c>, <c>min</c> or <c>max</c>.</param>
    /// <param name="baseline">A value the metric must beat, or null.</param>
    /// <param name="restoreBestWeights">Put back the best epoch's weights when training ends.</param>
    /// <param name="startFromEpoch">Epochs to wait before watching.</param>
    /// <exception cref="ArgumentException">The mode is unknown or the patience negative.</exception>
    public EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, string mode = "auto", double? baseline = null,
        bool restoreBestWeights = false, int startFromEpoch = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(monitor);
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        if (mode is not ("auto" or "min" or "max"))
        {
            throw new ArgumentException($"EarlyStopping expects mode 'auto', 'min' or 'max', but received '{mode}'.", nameof(mode));
        }
        Monitor = monitor;
        MinDelta = Math.Abs(minDelta);
        Patience = patience;
        Maximize = mode == "max" || (mode == "auto" && monitor.Contains("acc", StringComparison.Ordinal));
        Baseline = baseline;
        RestoreBestWeights = restoreBestWeights;
        StartFromEpoch = startFromEpoch;
    }

    /// <summary>The watched value.</summary>
    public string Monitor { get; }

    /// <summary>The smallest improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }

    /// <summary>Whether larger is better.</summary>
    public bool Maximize { get; }

    /// <summary>The value to beat, or null.</summary>
    public double? Baseline { get; }

    /// <summary>Whether the best weights are restored.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Epochs ignored at the start.</summary>
    public int StartFromEpoch { get; }

    /// <summary>The 0-based epoch at which training stopped, or null if it ran to the end.</summary>
    public int? StoppedEpoch { get; private set; }

    /// <summary>The 0-based epoch with the best value, or null.</summary>
    public int? BestEpoch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        _wait = 0;
        _best = Baseline ?? (Maximize ? double.NegativeInfinity : double.PositiveInfinity);
        _bestWeights = null;
        StoppedEpoch = null;
        BestEpoch = null;
    }

    /// <inheritdoc/>
    /// <exception cref="KeyNotFoundException">The monitored value is not in the logs; the message lists those that are.</exception>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (epoch < StartFromEpoch)
        {
            return;
        }
        if (!logs.TryGetValue(Monitor, out double current))
        {
            throw new KeyNotFoundException($"EarlyStopping monitors '{Monitor}', which is not logged. Logged values: {string.Join(", ", logs.Keys)}. Pass validation data to log val_ values.");
        }
        _wait++;
        bool improved = Maximize ? current - MinDelta > _best : current + MinDelta < _best;
        if (improved)
        {
            _best = current;
            BestEpoch = epoch;
            _wait = 0;
            if (RestoreBestWeights)
            {
                using (Trellis.Tensors.TensorPool.Suspend())
                {
                    _bestWeights = Model!.GetWeights(); // kept across epochs: never pooled by a scope around Fit
                }
            }
            return;
        }
        if (_wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Model!.StopTraining = true;
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs)
    {
        if (RestoreBestWeights && _bestWeights is not null)
        {
            Model!.SetWeights(_bestWeights);
        }
    }
}
