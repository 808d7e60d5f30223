using Trellis.Checkpoints;

namespace Trellis.Peers;

/// <summary>
/// Save and restore of 100M float32 parameters (100 variables of 1M) through <see cref="Checkpoint"/>, which fsyncs
/// its files, next to a raw sequential write + fsync of the same 400 MB. Restore reads from the page cache into the
/// live variables (torch.load also reads a file just written).
/// </summary>
internal static class CheckpointWorkload
{
    private const int Count = 100;
    private const int PerVariable = 1_000_000;

    public static IEnumerable<(string Name, double Value, string Unit)> Run(string directory)
    {
        string dir = Path.Combine(directory, "trellis-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var vars = Enumerable.Range(0, Count)
                .Select(i => new Variable(Tensor.RandomUniform([PerVariable], seed: i), name: "v" + i)).ToArray();
            var checkpoint = new Checkpoint([.. vars.Select((v, i) => ("v" + i, (object)v))]);
            double megabytes = (double)Count * PerVariable * 4 / 1e6;
            string prefix = Path.Combine(dir, "ckpt");
            string raw = Path.Combine(dir, "raw.bin");
            // Same order as torch_peer.py: save, restore, then the raw write.
            double saveSeconds = Timing.Seconds(() => checkpoint.Write(prefix));
            double restoreSeconds = Timing.Seconds(() => checkpoint.Read(prefix).AssertConsumed());
            double rawSeconds = Timing.Seconds(() => RawWrite(raw, vars));
            return
            [
                ("checkpoint-save", megabytes / saveSeconds, "MB/s"),
                ("checkpoint-restore", megabytes / restoreSeconds, "MB/s"),
                ("raw-write", megabytes / rawSeconds, "MB/s"),
            ];
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void RawWrite(string path, Variable[] vars)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        foreach (var v in vars)
        {
            stream.Write(v.Value().ToBytes());
        }
        stream.Flush(flushToDisk: true);
    }
}
