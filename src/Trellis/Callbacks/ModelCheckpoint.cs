using System.Globalization;
using Trellis.Checkpoints;
using Trellis.Models;

namespace Trellis.Callbacks;

/// <summary>
/// Saves the model (weights and optimizer state, as a TensorFlow-format checkpoint) after epochs (Keras
/// <c>ModelCheckpoint</c>); with <c>saveBestOnly</c>, only when the monitored value improves.
/// </summary>
/// <remarks><c>filepath</c> may contain <c>{epoch}</c> (1-based) and <c>{name}</c> placeholders for any logged value,
/// with an optional format such as <c>{val_loss:0.00}</c>. The checkpoint's root child is <c>model</c>.</remarks>
public sealed class ModelCheckpoint : Callback
{
    private readonly bool _maximize;
    private double _best;

    /// <summary>Creates the callback.</summary>
    /// <param name="filepath">The checkpoint prefix, with optional placeholders.</param>
    /// <param name="monitor">The value watched with <paramref name="saveBestOnly"/>.</param>
    /// <param name="saveBestOnly">Save only when the monitored value improves.</param>
    /// <param name="mode"><c>auto</c>, <c>min</c> or <c>max</c>.</param>
    public ModelCheckpoint(string filepath, string monitor = "val_loss", bool saveBestOnly = false, string mode = "auto")
    {
        ArgumentException.ThrowIfNullOrEmpty(filepath);
        Filepath = filepath;
        Monitor = monitor;
        SaveBestOnly = saveBestOnly;
        _maximize = MonitorMode.Maximize(mode, monitor);
    }

    /// <summary>The checkpoint prefix pattern.</summary>
    public string Filepath { get; }

    /// <summary>The watched value.</summary>
    public string Monitor { get; }

    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; }

    /// <summary>The paths written so far.</summary>
    public List<string> SavedPaths { get; } = [];

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
        => _best = _maximize ? double.NegativeInfinity : double.PositiveInfinity;

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (SaveBestOnly)
        {
            double current = MonitorMode.Read(logs, Monitor, nameof(ModelCheckpoint));
            if (!(_maximize ? current > _best : current < _best))
            {
                return;
            }
            _best = current;
        }
        string prefix = Expand(Filepath, epoch + 1, logs);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(prefix));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }
        SavedPaths.Add(new Checkpoint(("model", Model!)).Write(prefix));
    }

    private static string Expand(string pattern, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var values = new Dictionary<string, double>(logs) { ["epoch"] = epoch };
        return System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(?::([^}]*))?\}", m =>
            values.TryGetValue(m.Groups[1].Value, out double v)
                ? (m.Groups[2].Success ? v.ToString(m.Groups[2].Value, CultureInfo.InvariantCulture) : m.Groups[1].Value == "epoch" ? ((int)v).ToString("00", CultureInfo.InvariantCulture) : v.ToString("R", CultureInfo.InvariantCulture))
                : m.Value);
    }
}
