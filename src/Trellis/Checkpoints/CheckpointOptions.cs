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

    /// <summary>
    /// When true, tensors of 1 MB or more are written around the OS page cache (Linux <c>O_DIRECT</c>; elsewhere, or on
    /// a file system without it such as tmpfs, the option does nothing). Saves of large models can run several times as
    /// fast (see the remarks: it depends on the disk) and do not push other files out of the cache, but the checkpoint
    /// is then not in memory: reading it back right away comes from the disk. The files and their durability (fsync,
    /// then rename) are the same either way.
    /// </summary>
    /// <remarks>
    /// PERF (Zen 4 VM, 2026-12-06, `bash benchmarks/peers/run.sh --only checkpoint`, two runs): saving 100M float32
    /// parameters ran at 2.1 and 1.4 GB/s with the option, 0.5–0.9 GB/s without, and torch.save at 0.36–0.6 GB/s;
    /// restoring right after a save with the option, 2.0 GB/s from the disk, against 9.7–10.3 GB/s from the page cache.
    /// Those saves each ran in a fresh process on a rested disk. Saved back to back in one process
    /// (<c>CheckpointBenchmarks</c>), the buffered save was faster: 215–265 ms for 400 MB against 283–377 ms with the
    /// option; the disk's state decides, so measure on the target machine.
    /// </remarks>
    public bool BypassPageCache { get; init; }
}
