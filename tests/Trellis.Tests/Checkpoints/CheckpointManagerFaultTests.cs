using Trellis.Checkpoints;
using Trellis.Checkpoints.Format;
using Trellis.Tests.TestSupport;
using Trellis.Tests.Tracking;

namespace Trellis.Tests.Checkpoints;

/// <summary>
/// Kills a managed save (bundle files and state file together) at many byte offsets: the state file must keep
/// naming the previous, complete checkpoint, which must still restore.
/// </summary>
public sealed class CheckpointManagerFaultTests
{
    private sealed class Budget
    {
        public long Remaining { get; set; }
        public long Written { get; set; }
    }

    /// <summary>Lets a shared number of bytes through, then throws as a full disk would.</summary>
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

    private static long SaveWithBudget(CheckpointManager manager, long bytes)
    {
        var budget = new Budget { Remaining = bytes };
        AtomicFile.StreamWrapperForTests.Value = s => new FailingStream(s, budget);
        try
        {
            manager.Save();
        }
        finally
        {
            AtomicFile.StreamWrapperForTests.Value = null;
        }
        return budget.Written;
    }

    /// <summary>
    /// How many bytes shorter a later save can be than the measured one: the state file writes its (at most two)
    /// timestamps as shortest round-trip decimals of whole milliseconds, so each may lose up to four characters
    /// (".123" against a whole second). Killing this far before the measured end still kills every save.
    /// </summary>
    private const int TimestampLengthSlack = 2 * 4;

    [Fact]
    public void Save_KilledAtManyByteOffsets_StateFileStillNamesPreviousCompleteCheckpoint()
    {
        using var dir = new ScratchDir();
        using var measureDir = new ScratchDir();
        long total = SaveWithBudget(new CheckpointManager(new Checkpoint(("model", new TestModel())), measureDir.Path, maxToKeep: 1), long.MaxValue);
        var model = new TestModel();
        var manager = new CheckpointManager(new Checkpoint(("model", model)), dir.Path, maxToKeep: 1);
        string first = manager.Save()!;
        var firstKernel = model.First.Kernel!.Value();
        model.First.Kernel!.Assign(Tensor.Zeros([3, 4]));

        foreach (long at in Enumerable.Range(0, 40).Select(i => total * i / 40).Append(total - 1 - TimestampLengthSlack))
        {
            long written = -1;
            var error = Record.Exception(() => written = SaveWithBudget(manager, at));
            Assert.True(error?.GetType() == typeof(IOException), $"killed at byte {at} of {total}: the save {(error is null ? $"completed after {written} bytes" : $"threw {error}")}");

            Assert.Equal(first, CheckpointManager.Latest(dir.Path));
            Assert.Equal(first, manager.LatestCheckpoint);
            var fresh = new TestModel();
            new Checkpoint(("model", fresh)).Restore(first).AssertConsumed();
            TensorAssert.BitEqual(firstKernel, fresh.First.Kernel!, $"killed at byte {at} of {total}");
        }

        string last = manager.Save()!;
        Assert.Equal(last, CheckpointManager.Latest(dir.Path));
        Assert.False(File.Exists(first + ".index"));   // swept once a newer save completed
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp*"));
    }
}
