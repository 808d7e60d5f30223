namespace Trellis.Checkpoints;

/// <summary>Options for <see cref="Checkpoint.Save"/> and <see cref="Checkpoint.Write"/> (TensorFlow's <c>tf.train.CheckpointOptions</c>).</summary>
public sealed record CheckpointOptions
{
    /// <summary>
    /// When true, a save copies the values in memory and returns; a background writer does the file I/O. At most one
    /// save is in flight (the next save waits for it). <see cref="Checkpoint.Sync"/> waits for it; a failed background
    /// write throws from the next <c>Save</c>, <c>Write</c> or <c>Sync</c>. The state file names the checkpoint only
    /// after its files are complete.
    /// </summary>
    public bool EnableAsync { get; init; }
}
