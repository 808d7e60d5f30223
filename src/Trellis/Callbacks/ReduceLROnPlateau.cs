using Trellis.Models;

namespace Trellis.Callbacks;

/// <summary>Multiplies the learning rate by <c>factor</c> when a metric has stopped improving (Keras <c>ReduceLROnPlateau</c>).</summary>
public sealed class ReduceLROnPlateau : Callback
{
    private readonly bool _maximize;
    private double _best;
    private int _wait;
    private int _cooldownLeft;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The logged value to watch.</param>
    /// <param name="factor">The multiplier, in (0, 1).</param>
    /// <param name="patience">Epochs without improvement before reducing.</param>
    /// <param name="mode"><c>auto</c>, <c>min</c> or <c>max</c>.</param>
    /// <param name="minDelta">The smallest change that counts as an improvement.</param>
    /// <param name="cooldown">Epochs to wait after a reduction before watching again.</param>
    /// <param name="minLr">The lower bound of the learning rate.</param>
    /// <exception cref="ArgumentException"><paramref name="factor"/> is not in (0, 1), or the mode is unknown.</exception>
    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, string mode = "auto", double minDelta = 1e-4, int cooldown = 0, double minLr = 0)
    {
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentException($"ReduceLROnPlateau expects a factor in (0, 1), but received {factor}.", nameof(factor));
        }
        Monitor = monitor;
        Factor = factor;
        Patience = patience;
        MinDelta = minDelta;
        Cooldown = cooldown;
        MinLr = minLr;
        _maximize = MonitorMode.Maximize(mode, monitor);
    }

    /// <summary>The watched value.</summary>
    public string Monitor { get; }

    /// <summary>The multiplier.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement before reducing.</summary>
    public int Patience { get; }

    /// <summary>The smallest improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Epochs ignored after a reduction.</summary>
    public int Cooldown { get; }

    /// <summary>The learning rate's lower bound.</summary>
    public double MinLr { get; }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        _best = _maximize ? double.NegativeInfinity : double.PositiveInfinity;
        _wait = 0;
        _cooldownLeft = 0;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        double current = MonitorMode.Read(logs, Monitor, nameof(ReduceLROnPlateau));
        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _wait = 0;
        }
        if (_maximize ? current > _best + MinDelta : current < _best - MinDelta)
        {
            _best = current;
            _wait = 0;
            return;
        }
        if (_cooldownLeft > 0 || ++_wait < Patience)
        {
            return;
        }
        var optimizer = Model!.Optimizer!;
        double lr = optimizer.LearningRate;
        if (lr > MinLr)
        {
            optimizer.LearningRate = Math.Max(lr * Factor, MinLr);
            _cooldownLeft = Cooldown;
            _wait = 0;
        }
    }
}
