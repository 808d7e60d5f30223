using Trellis.Checkpoints;

namespace Trellis.Peers;

/// <summary>
/// Save and restore of 100M float32 parameters (100 variables of 1M) through <see cref="Checkpoint"/>, which fsyncs
/// its files, next to a raw sequential write + fsync of the same 400 MB. Restore reads from the page cache into the
/// live variables (torch.load also reads a file just written). A save and restore of the same 100 variables at 1,000
/// elements each runs first, untimed, on both sides (torch_peer.py does the same): like every other workload this
/// measures the steady state, not the first call's JIT compilation (about 60 ms of a 100 ms first restore here) or
/// Python's first pickling.
/// </summary>
internal static class CheckpointWorkload
{
    private const int Count = 100;
    private const int PerVariable = 1_000_000;

    public static IEnumerable<(string Name, double Value, string Unit)> Run(string directory, double diskRestSeconds)
    {
        string dir = Path.Combine(directory, "trellis-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            WarmUp(Path.Combine(dir, "warm-up"));
            var vars = Variables(PerVariable);
            var checkpoint = new Checkpoint([.. vars.Select((v, i) => ("v" + i, (object)v))]);
            double megabytes = (double)Count * PerVariable * 4 / 1e6;
            string prefix = Path.Combine(dir, "ckpt");
            string raw = Path.Combine(dir, "raw.bin");
            // Same order as torch_peer.py: save, restore, then the raw write.
            double saveSeconds = Timing.Seconds(() => checkpoint.Write(prefix));
            double restoreSeconds = Timing.Seconds(() => checkpoint.Read(prefix).AssertConsumed());
            // The raw write's bytes are copied out before the clock starts: Python writes memoryviews of the tensors.
            float[][] values = [.. vars.Select(v => v.Value().ToArray<float>())];
            double rawSeconds = Timing.Seconds(() => RawWrite(raw, values));
            // Last, on a disk rested as run.sh rests it before each process: the same save around the page cache.
            RestDisk(diskRestSeconds);
            var direct = new CheckpointOptions { BypassPageCache = true };
            double directSeconds = Timing.Seconds(() => checkpoint.Write(Path.Combine(dir, "direct"), direct));
            return
            [
                ("checkpoint-save", megabytes / saveSeconds, "MB/s"),
                ("checkpoint-restore", megabytes / restoreSeconds, "MB/s"),
                ("raw-write", megabytes / rawSeconds, "MB/s"),
                ("checkpoint-save-direct", megabytes / directSeconds, "MB/s"),
            ];
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Variable[] Variables(int size) =>
        [.. Enumerable.Range(0, Count).Select(i => new Variable(Tensor.RandomUniform([size], seed: i), name: "v" + i))];

    private static void WarmUp(string prefix)
    {
        var small = new Checkpoint([.. Variables(1_000).Select((v, i) => ("v" + i, (object)v))]);
        small.Write(prefix);
        small.Read(prefix).AssertConsumed();
    }

    /// <summary>Flushes the page cache's dirty pages, then waits as long as run.sh rests the disk before each process (--disk-rest).</summary>
    private static void RestDisk(double seconds)
    {
        using (var sync = System.Diagnostics.Process.Start("sync"))
        {
            sync.WaitForExit();
        }
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
    }

    private static void RawWrite(string path, float[][] values)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        foreach (float[] v in values)
        {
            stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan()));
        }
        stream.Flush(flushToDisk: true);
    }
}
