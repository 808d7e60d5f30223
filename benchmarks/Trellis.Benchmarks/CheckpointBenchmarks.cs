using BenchmarkDotNet.Attributes;
using Trellis.Checkpoints;
using Trellis.Tracking;

namespace Trellis.Benchmarks;

/// <summary>
/// Saving and restoring 100M float32 parameters (400 MB in 4 variables of 25M) through <see cref="Checkpoint"/>,
/// next to a raw sequential write (with fsync) and a raw read of the same number of bytes in the same run.
/// Goal (issue 3): save at least 0.9x the raw write; restore from page cache at least 2.5 GB/s.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class CheckpointBenchmarks
{
    private const int Parameters = 100_000_000;
    private const int Variables = 4;

    private static readonly CheckpointOptions BypassPageCache = new() { BypassPageCache = true };

    private string _dir = null!;
    private Checkpoint _checkpoint = null!;
    private byte[] _raw = null!;

    /// <summary>Holds the variables; tracked as "w" (a list node with children 0..3).</summary>
    private sealed class Weights : Trackable
    {
        public List<Variable> W { get; } = [];
    }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "trellis-ckpt-bench");
        Directory.CreateDirectory(_dir);
        var weights = new Weights();
        for (int i = 0; i < Variables; i++)
        {
            weights.W.Add(new Variable(Tensor.RandomUniform([Parameters / Variables], seed: i)));
        }
        _checkpoint = new Checkpoint(("model", weights));
        _raw = new byte[Parameters * sizeof(float)];
        Random.Shared.NextBytes(_raw);
        _checkpoint.Write(Path.Combine(_dir, "restore-source"));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    /// <summary>The yardstick: 400 MB written sequentially through a FileStream, then fsync.</summary>
    [Benchmark(Baseline = true)]
    public void RawWrite()
    {
        using var file = new FileStream(Path.Combine(_dir, "raw.bin"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        file.Write(_raw);
        file.Flush(flushToDisk: true);
    }

    /// <summary>Checkpoint.Write: object-graph walk, CRC32C per tensor, .data and .index to temp files, fsync, rename.</summary>
    [Benchmark]
    public string CheckpointWrite() => _checkpoint.Write(Path.Combine(_dir, "ckpt"));

    /// <summary>The same with <see cref="CheckpointOptions.BypassPageCache"/>: the tensor data goes to the disk with O_DIRECT.</summary>
    [Benchmark]
    public string CheckpointWriteBypassingPageCache() => _checkpoint.Write(Path.Combine(_dir, "ckpt-direct"), BypassPageCache);

    /// <summary>Raw read of 400 MB (page cache) into a buffer.</summary>
    [Benchmark]
    public int RawRead()
    {
        using var handle = File.OpenHandle(Path.Combine(_dir, "restore-source.data-00000-of-00001"));
        return RandomAccess.Read(handle, _raw.AsSpan(), 0);
    }

    /// <summary>Checkpoint.Read: index, object-graph matching, reads straight into the variables, CRC32C check.</summary>
    [Benchmark]
    public RestoreStatus CheckpointRestore() => _checkpoint.Read(Path.Combine(_dir, "restore-source"));
}
