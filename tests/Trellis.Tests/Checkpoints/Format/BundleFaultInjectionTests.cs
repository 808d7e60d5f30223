using Trellis.Checkpoints.Format;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Checkpoints.Format;

/// <summary>
/// Kills a bundle write at many byte offsets (as a full disk or a crash would) and checks that what a reader finds
/// at the prefix is always a complete, valid checkpoint: the previous one, or none for a new prefix.
/// </summary>
public class BundleFaultInjectionTests
{
    /// <summary>Passes writes through until a shared byte budget runs out, then writes the part that fits and throws.</summary>
    private sealed class FailingStream(Stream inner, Budget budget) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            long allowed = Math.Min(buffer.Length, budget.Remaining);
            inner.Write(buffer[..(int)allowed]);
            budget.Remaining -= allowed;
            budget.Written += allowed;
            if (allowed < buffer.Length)
            {
                throw new IOException($"Injected fault after {budget.Written} bytes.");
            }
        }

        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private sealed class Budget
    {
        public long Remaining { get; set; }
        public long Written { get; set; }
    }

    private static long WriteWithBudget(string prefix, int seed, long budget)
    {
        var b = new Budget { Remaining = budget };
        AtomicFile.StreamWrapperForTests.Value = s => new FailingStream(s, b);
        try
        {
            BundleRoundTripTests.WriteEveryDType(prefix, seed);
        }
        finally
        {
            AtomicFile.StreamWrapperForTests.Value = null;
        }
        return b.Written;
    }

    private static void AssertHoldsSeed(string prefix, int seed, string context)
    {
        var reader = BundleReader.Open(prefix);
        foreach (var (key, t) in BundleRoundTripTests.EveryDType(seed))
        {
            TensorAssert.BitEqual(t, reader.ReadTensor(key), $"{context}, {key}");
        }
        Assert.Equal(BundleRoundTripTests.Strings, reader.ReadStrings("strings"));
    }

    [Fact]
    public void Finish_KilledAtManyByteOffsets_PreviousCheckpointStaysValid()
    {
        using var tmp = new ScratchDir();
        string prefix = tmp.File("ckpt");
        BundleRoundTripTests.WriteEveryDType(prefix, seed: 1);
        long total = WriteWithBudget(tmp.File("measure"), seed: 2, long.MaxValue);
        Assert.True(total > 500, $"a full write is {total} bytes");

        var offsets = Enumerable.Range(0, 80).Select(i => total * i / 80).Concat([1, total - 1]).Distinct().ToList();
        foreach (long at in offsets)
        {
            Assert.Throws<IOException>(() => WriteWithBudget(prefix, seed: 2, at));
            AssertHoldsSeed(prefix, seed: 1, $"killed at byte {at} of {total}");
            Assert.Equal(2, Directory.GetFiles(tmp.Path, "ckpt*").Length); // no temporary files left behind
        }

        Assert.Equal(total, WriteWithBudget(prefix, seed: 2, total));
        AssertHoldsSeed(prefix, seed: 2, "complete write");
    }

    [Fact]
    public void Finish_KilledOnNewPrefix_LeavesNoCheckpoint()
    {
        using var tmp = new ScratchDir();
        long total = WriteWithBudget(tmp.File("measure"), seed: 3, long.MaxValue);
        foreach (long at in new[] { 0, total / 3, total - 48, total - 1 })
        {
            string prefix = tmp.File($"new-{at}");
            Assert.Throws<IOException>(() => WriteWithBudget(prefix, seed: 3, at));
            Assert.Empty(Directory.GetFiles(tmp.Path, $"new-{at}*"));
            Assert.Throws<TrellisFormatException>(() => BundleReader.Open(prefix));
        }
    }
}
