using Trellis.Models;
using Trellis.Summaries;

namespace Trellis.Callbacks;

/// <summary>
/// Logs per-epoch loss and metrics for TensorBoard, like <c>keras.callbacks.TensorBoard</c>: training values to
/// <c>logDir/train</c>, validation values (the <c>val_</c> keys) to <c>logDir/validation</c>, as <c>epoch_&lt;name&gt;</c>
/// scalars, so TensorBoard draws train and validation curves of one metric on one chart.
/// </summary>
/// <remarks>
/// Pass it to <c>Model.Fit(..., callbacks: [new TensorBoard("logs")])</c>. The event files are created lazily on the
/// first epoch that has values for them, and closed by <see cref="OnTrainEnd"/> or <see cref="Dispose"/>.
/// </remarks>
public sealed class TensorBoard : Callback, IDisposable
{
    private const string ValidationPrefix = "val_";
    private SummaryWriter? _train;
    private SummaryWriter? _validation;

    /// <summary>Creates the callback.</summary>
    /// <param name="logDir">The run's log directory; <c>train</c> and <c>validation</c> subdirectories are created in it.</param>
    /// <exception cref="ArgumentException"><paramref name="logDir"/> is null or empty.</exception>
    public TensorBoard(string logDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(logDir);
        LogDir = logDir;
    }

    /// <summary>The run's log directory.</summary>
    public string LogDir { get; }

    /// <summary>Writes one epoch's values.</summary>
    /// <param name="epoch">The zero-based epoch (the TensorBoard step).</param>
    /// <param name="logs">Name → value, e.g. <c>loss</c>, <c>accuracy</c>, <c>val_loss</c>, <c>val_accuracy</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="logs"/> is null.</exception>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        foreach (var (key, value) in logs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (key.StartsWith(ValidationPrefix, StringComparison.Ordinal))
            {
                _validation ??= new SummaryWriter(Path.Combine(LogDir, "validation"));
                _validation.Scalar("epoch_" + key[ValidationPrefix.Length..], value, epoch);
            }
            else
            {
                _train ??= new SummaryWriter(Path.Combine(LogDir, "train"));
                _train.Scalar("epoch_" + key, value, epoch);
            }
        }
    }

    /// <summary>Closes the event files.</summary>
    /// <param name="logs">The last epoch's logs (unused).</param>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs) => Dispose();

    /// <summary>Closes the event files.</summary>
    public void Dispose()
    {
        _train?.Dispose();
        _validation?.Dispose();
        _train = null;
        _validation = null;
    }
}
