using Trellis.Checkpoints.Format;

namespace Trellis.Checkpoints;

/// <summary>
/// Keeps a directory of numbered checkpoints (TensorFlow's <c>tf.train.CheckpointManager</c>): saves
/// <c>{directory}/{checkpointName}-{N}</c>, deletes all but the newest <c>maxToKeep</c> (optionally preserving one
/// every N hours), and records them in the <c>checkpoint</c> state file, which only ever names complete checkpoints.
/// </summary>
public sealed class CheckpointManager
{
    private readonly Checkpoint _checkpoint;
    private readonly Lock _lock = new();
    private readonly List<(string Path, double Timestamp)> _kept = [];
    private readonly string _prefix;
    private double _lastPreserved;
    private long? _lastSavedStep;

    /// <summary>Creates a manager; checkpoints already listed in the directory's state file are adopted.</summary>
    /// <param name="checkpoint">The checkpoint to save.</param>
    /// <param name="directory">The directory (created on first save).</param>
    /// <param name="maxToKeep">How many recent checkpoints to keep; null keeps all.</param>
    /// <param name="keepCheckpointEveryNHours">Also preserve (never delete) one checkpoint per this many hours.</param>
    /// <param name="checkpointName">The file-name prefix (<c>ckpt</c> gives <c>ckpt-1</c>, ...).</param>
    /// <param name="stepCounter">A scalar integer variable counting training steps, needed by <paramref name="checkpointInterval"/>.</param>
    /// <param name="checkpointInterval">Save at most once per this many steps of <paramref name="stepCounter"/>.</param>
    /// <exception cref="ArgumentException">A bad count, name or interval, or an interval without a step counter.</exception>
    public CheckpointManager(Checkpoint checkpoint, string directory, int? maxToKeep, double? keepCheckpointEveryNHours = null,
        string checkpointName = "ckpt", Variable? stepCounter = null, long? checkpointInterval = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(checkpointName);
        if (maxToKeep is <= 0)
        {
            throw new ArgumentException($"maxToKeep must be positive or null (keep all), but was {maxToKeep}.", nameof(maxToKeep));
        }
        if (checkpointInterval is not null && stepCounter is null)
        {
            throw new ArgumentException("checkpointInterval needs a stepCounter variable to measure steps; pass both.", nameof(stepCounter));
        }
        if (checkpointInterval is <= 0)
        {
            throw new ArgumentException($"checkpointInterval must be positive, but was {checkpointInterval}.", nameof(checkpointInterval));
        }
        _checkpoint = checkpoint;
        Directory = directory;
        MaxToKeep = maxToKeep;
        KeepCheckpointEveryNHours = keepCheckpointEveryNHours;
        StepCounter = stepCounter;
        CheckpointInterval = checkpointInterval;
        _prefix = Path.Combine(directory, checkpointName);
        _lastPreserved = Now();
        if (CheckpointState.Read(directory) is { } state)
        {
            // Adopt what a previous run kept (missing files are dropped), so maxToKeep spans runs as in TensorFlow.
            for (int i = 0; i < state.AllModelCheckpointPaths.Count; i++)
            {
                string path = Locate(state.AllModelCheckpointPaths[i]);
                double stamp = i < state.AllModelCheckpointTimestamps.Count ? state.AllModelCheckpointTimestamps[i] : _lastPreserved;
                if (_checkpoint.Storage.Exists(path))
                {
                    _kept.Add((path, stamp));
                }
            }
            _lastPreserved = state.LastPreservedTimestamp ?? _lastPreserved;
            if (state.ModelCheckpointPath is { } latest && _checkpoint.Storage.Exists(Locate(latest)))
            {
                LatestCheckpoint = Locate(latest);
            }
        }
    }

    /// <summary>The directory holding the checkpoints and the state file.</summary>
    public string Directory { get; }

    /// <summary>How many recent checkpoints are kept (null: all).</summary>
    public int? MaxToKeep { get; }

    /// <summary>Preserve one checkpoint per this many hours, in addition to the recent ones.</summary>
    public double? KeepCheckpointEveryNHours { get; }

    /// <summary>The step counter for <see cref="CheckpointInterval"/>.</summary>
    public Variable? StepCounter { get; }

    /// <summary>Minimum steps between saves.</summary>
    public long? CheckpointInterval { get; }

    /// <summary>The newest complete checkpoint's path, or null.</summary>
    public string? LatestCheckpoint { get; private set; }

    /// <summary>The checkpoints being kept (oldest first), not counting preserved ones.</summary>
    public IReadOnlyList<string> Checkpoints
    {
        get
        {
            lock (_lock)
            {
                return [.. _kept.Select(k => k.Path)];
            }
        }
    }

    /// <summary>The latest complete checkpoint named by the state file in <paramref name="directory"/>, or null.</summary>
    /// <param name="directory">A checkpoint directory.</param>
    /// <returns>The checkpoint's path prefix, or null when there is no state file or it names no existing checkpoint.</returns>
    /// <exception cref="TrellisFormatException">The state file is malformed.</exception>
    public static string? Latest(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (CheckpointState.Read(directory)?.ModelCheckpointPath is not { } recorded)
        {
            return null;
        }
        string path = Path.IsPathRooted(recorded) ? recorded : Path.Combine(directory, recorded);
        if (!File.Exists(BundleNames.IndexFile(path)))
        {
            // A moved directory: TensorFlow falls back to the file name next to the state file.
            path = Path.Combine(directory, Path.GetFileName(recorded));
        }
        return File.Exists(BundleNames.IndexFile(path)) ? path : null;
    }

    /// <summary>Saves a new checkpoint, deletes the ones beyond <see cref="MaxToKeep"/>, and updates the state file.</summary>
    /// <param name="checkpointNumber">The number in the file name; default: the checkpoint's save counter after incrementing it.</param>
    /// <param name="checkInterval">False to save even if <see cref="CheckpointInterval"/> steps have not passed.</param>
    /// <param name="options">Options, e.g. async writing (old checkpoints are deleted and the state file updated after the write completes).</param>
    /// <returns>The new checkpoint's path, or null when skipped because of the interval.</returns>
    /// <exception cref="IOException">Writing failed.</exception>
    public string? Save(long? checkpointNumber = null, bool checkInterval = true, CheckpointOptions? options = null)
    {
        if (checkInterval && CheckpointInterval is { } interval)
        {
            long step = Convert.ToInt64(StepCounter!.GetAsDouble(0));
            if (_lastSavedStep is { } last && step - last < interval)
            {
                return null;
            }
            _lastSavedStep = step;
        }
        var counter = _checkpoint.EnsureSaveCounter();
        counter.Assign(Tensor.Constant(counter.Item<long>() + 1));
        string path = $"{_prefix}-{checkpointNumber ?? counter.Item<long>()}";
        _checkpoint.WriteCore(path, options, () => Commit(path));
        return path;
    }

    /// <summary>Restores the latest checkpoint if there is one.</summary>
    /// <returns>The restored path, or null when the directory has no checkpoint (the objects keep their initial values).</returns>
    /// <exception cref="TrellisFormatException">The latest checkpoint is damaged.</exception>
    public string? RestoreOrInitialize()
    {
        _checkpoint.Sync();
        if (LatestCheckpoint is null)
        {
            return null;
        }
        _checkpoint.Restore(LatestCheckpoint);
        return LatestCheckpoint;
    }

    /// <summary>Runs once the files of <paramref name="path"/> are complete: sweep old checkpoints, then record the state.</summary>
    private void Commit(string path)
    {
        lock (_lock)
        {
            // Work on copies: if the state file cannot be written, the manager stays as it was (and deletes nothing).
            var kept = new List<(string Path, double Timestamp)>(_kept);
            double lastPreserved = _lastPreserved;
            kept.RemoveAll(k => k.Path == path);
            kept.Add((path, Now()));
            var doomed = new List<string>();
            while (MaxToKeep is { } max && kept.Count > max)
            {
                var (oldPath, stamp) = kept[0];
                kept.RemoveAt(0);
                if (KeepCheckpointEveryNHours is { } hours && stamp - lastPreserved >= hours * 3600)
                {
                    lastPreserved = stamp;   // preserved: kept on disk, no longer managed
                    continue;
                }
                doomed.Add(oldPath);
            }
            // The state file names the new checkpoint before old ones are deleted, so at no moment does it name a deleted one.
            if (_checkpoint.Storage is Storage.BundleCheckpointStorage)
            {
                new CheckpointState(Path.GetFileName(path), [.. kept.Select(k => Path.GetFileName(k.Path))], [.. kept.Select(k => k.Timestamp)], lastPreserved)
                    .Write(Directory);
            }
            _kept.Clear();
            _kept.AddRange(kept);
            _lastPreserved = lastPreserved;
            LatestCheckpoint = path;
            foreach (string old in doomed)
            {
                _checkpoint.Storage.Delete(old);
            }
        }
    }

    private string Locate(string recorded) => Path.IsPathRooted(recorded) ? recorded : Path.Combine(Directory, recorded);

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
}
