using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Trellis.Models;

/// <summary>
/// Prints Keras's training progress: <c>Epoch 1/10</c>, then one line per epoch
/// (<c>250/250 - 1s - 4ms/step - loss: 0.3000 - accuracy: 0.9100</c>). With <c>verbose: 1</c> on a terminal the line
/// updates in place after every batch; otherwise it is printed once, at the end of the epoch.
/// </summary>
public sealed class ProgbarLogger : Callback
{
    private readonly TextWriter _output;
    private readonly bool _live;
    private readonly Stopwatch _epochClock = new();
    private Stopwatch _redrawClock = new();
    private int _epochs;
    private int _steps;

    /// <summary>Creates the logger.</summary>
    /// <param name="verbose">1 for a progress bar (updated in place on a terminal), 2 for one line per epoch.</param>
    /// <param name="output">Where to write; <see cref="Console.Out"/> when null.</param>
    public ProgbarLogger(int verbose = 1, TextWriter? output = null)
    {
        _output = output ?? Console.Out;
        _live = verbose == 1 && output is null && !Console.IsOutputRedirected;
    }

    internal void SetParams(int epochs, int steps)
    {
        _epochs = epochs;
        _steps = steps;
    }

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        _output.WriteLine($"Epoch {epoch + 1}/{_epochs}");
        _epochClock.Restart();
        _redrawClock = Stopwatch.StartNew();
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (_live && (_redrawClock.ElapsedMilliseconds >= 100 || batch + 1 == _steps))
        {
            _redrawClock.Restart();
            _output.Write("\r" + Bar(batch + 1) + " " + Timing(batch + 1) + Metrics(logs) + "   ");
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (_live)
        {
            _output.Write("\r" + Bar(_steps) + " " + Timing(_steps) + Metrics(logs) + "   ");
            _output.WriteLine();
        }
        else
        {
            _output.WriteLine($"{_steps}/{_steps} - {Timing(_steps)}{Metrics(logs)}");
        }
    }

    private string Bar(int done)
    {
        const int width = 20;
        int filled = _steps == 0 ? width : (int)((long)done * width / _steps);
        string count = done.ToString(CultureInfo.InvariantCulture).PadLeft(_steps.ToString(CultureInfo.InvariantCulture).Length);
        return $"{count}/{_steps} " + new string('━', filled) + new string(' ', width - filled);
    }

    private string Timing(int done)
    {
        double seconds = _epochClock.Elapsed.TotalSeconds;
        double perStepMs = done == 0 ? 0 : seconds * 1000 / done;
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(seconds):0}s - {Math.Round(perStepMs):0}ms/step");
    }

    private static string Metrics(IReadOnlyDictionary<string, double> logs)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in logs)
        {
            sb.Append(" - ").Append(key).Append(": ").Append(Format(value));
        }
        return sb.ToString();
    }

    /// <summary>Keras's number format: four decimals, or scientific notation for small magnitudes.</summary>
    internal static string Format(double value)
        => value != 0 && Math.Abs(value) < 1e-3
            ? value.ToString("0.0000e+00", CultureInfo.InvariantCulture)
            : value.ToString("0.0000", CultureInfo.InvariantCulture);
}
