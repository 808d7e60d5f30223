using Trellis.Checkpoints;
using Trellis.Checkpoints.Format;
using Trellis.Tests.Checkpoints.Format;
using Trellis.Tests.TestSupport;
using Trellis.Tests.Tracking;

namespace Trellis.Tests.Checkpoints;

public sealed class CheckpointBypassPageCacheTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_BypassingThePageCache_SameFilesAndRestoresBitEqual(bool async)
    {
        using var dir = new ScratchDir();
        // A 700×600 kernel is 1.68 MB, past the direct-write threshold, and not a multiple of 4 KB; the bias is small.
        var model = new TestDense(700, 600);
        var ckpt = new Checkpoint(("model", model));
        var kernel = model.Kernel!.Value();

        ckpt.Write(dir["plain"]);
        ckpt.Write(dir["direct"], new CheckpointOptions { BypassPageCache = true, EnableAsync = async });
        ckpt.Sync();

        Assert.Equal(File.ReadAllBytes(dir["plain.index"]), File.ReadAllBytes(dir["direct.index"]));
        Assert.Equal(File.ReadAllBytes(dir["plain.data-00000-of-00001"]), File.ReadAllBytes(dir["direct.data-00000-of-00001"]));
        model.Kernel!.Assign(Tensor.Zeros([700, 600]));
        ckpt.Read(dir["direct"]).AssertConsumed();
        TensorAssert.BitEqual(kernel, model.Kernel!.Value());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ManagerSave_DirectWriteFails_PreviousCheckpointStaysLatestAndIntact(bool async)
    {
        using var dir = new ScratchDir();
        if (!DirectWriterTests.DirectSupported(dir))
        {
            return; // nothing goes around the page cache here (tmpfs, not x86-64 Linux): nothing to inject into
        }
        var model = new TestDense(700, 600);
        var ckpt = new Checkpoint(("model", model));
        var manager = new CheckpointManager(ckpt, dir.Path, maxToKeep: 1);
        var options = new CheckpointOptions { BypassPageCache = true, EnableAsync = async };
        string first = manager.Save(options: options)!;
        ckpt.Sync();
        var firstKernel = model.Kernel!.Value();
        model.Kernel!.Assign(Tensor.Zeros([700, 600]));

        DirectWriter.FailWriteForTests.Value = _ => true;
        try
        {
            var error = Record.Exception(() =>
            {
                manager.Save(options: options);
                ckpt.Sync(); // an asynchronous save's error surfaces here
            });
            Assert.IsType<IOException>(error);
        }
        finally
        {
            DirectWriter.FailWriteForTests.Value = null;
        }

        Assert.Equal(first, CheckpointManager.Latest(dir.Path));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp*"));
        var fresh = new TestDense(700, 600);
        new Checkpoint(("model", fresh)).Restore(first).AssertConsumed();
        TensorAssert.BitEqual(firstKernel, fresh.Kernel!.Value());
    }
}
