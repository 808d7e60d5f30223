using Trellis.Checkpoints;
using Trellis.Tests.TestSupport;
using Trellis.Tests.Tracking;

namespace Trellis.Tests.Checkpoints;

public sealed class AsyncCheckpointTests
{
    private static readonly CheckpointOptions Async = new() { EnableAsync = true };

    [Fact]
    public void Write_Async_SameFilesAsSync()
    {
        using var dir = new ScratchDir();
        var model = new TestModel();
        var ckpt = new Checkpoint(("model", model));

        ckpt.Write(dir["sync"]);
        ckpt.Write(dir["async"], Async);
        ckpt.Sync();

        Assert.Equal(File.ReadAllBytes(dir["sync.index"]), File.ReadAllBytes(dir["async.index"]));
        Assert.Equal(File.ReadAllBytes(dir["sync.data-00000-of-00001"]), File.ReadAllBytes(dir["async.data-00000-of-00001"]));
    }

    [Fact]
    public void Save_Async_SnapshotsValuesAtCallTime()
    {
        using var dir = new ScratchDir();
        var model = new TestDense(64, 64);
        var atSave = model.Kernel!.Value();
        var ckpt = new Checkpoint(("model", model));

        string path = ckpt.Save(dir["ckpt"], Async);
        model.Kernel!.Assign(Tensor.Zeros([64, 64]));   // training goes on while the write runs
        ckpt.Sync();

        TensorAssert.BitEqual(atSave, CheckpointReader.Open(path).GetTensor("model/kernel/.ATTRIBUTES/VARIABLE_VALUE"));
        Assert.Equal(path, CheckpointManager.Latest(dir.Path));
    }

    [Fact]
    public void Save_AsyncWriteFails_ErrorSurfacesOnNextCall()
    {
        using var dir = new ScratchDir();
        File.WriteAllText(dir["blocker"], "a file where a directory should be");
        var ckpt = new Checkpoint(("model", new TestDense(2, 2)));

        ckpt.Save(Path.Combine(dir["blocker"], "ckpt"), Async);   // returns before the write fails

        Assert.ThrowsAny<IOException>(() => ckpt.Sync());
        ckpt.Sync();   // reported once
    }

    [Fact]
    public void ManagerSave_Async_StateFileNamesOnlyCompleteCheckpoints()
    {
        using var dir = new ScratchDir();
        var ckpt = new Checkpoint(("model", new TestModel()));
        var manager = new CheckpointManager(ckpt, dir.Path, maxToKeep: 2);

        for (int i = 0; i < 4; i++)
        {
            manager.Save(options: Async);
            if (CheckpointManager.Latest(dir.Path) is { } latest)
            {
                Assert.True(File.Exists(latest + ".index"));
            }
        }
        ckpt.Sync();

        Assert.Equal(dir["ckpt-4"], CheckpointManager.Latest(dir.Path));
        Assert.Equal([dir["ckpt-3"], dir["ckpt-4"]], manager.Checkpoints);
        Assert.False(File.Exists(dir["ckpt-2.index"]));
    }
}
