using System.Globalization;
using Trellis.Checkpoints;
using Trellis.Tests.TestSupport;
using Trellis.Tests.Tracking;

namespace Trellis.Tests.Checkpoints;

public sealed class CheckpointManagerTests
{
    private static string[] StateLines(ScratchDir dir) =>
        File.ReadAllLines(dir["checkpoint"]).Where(l => !l.StartsWith("all_model_checkpoint_timestamps", StringComparison.Ordinal) && !l.StartsWith("last_preserved", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Save_MaxToKeep_DeletesOldestAndWritesStateFile()
    {
        using var dir = new ScratchDir();
        var manager = new CheckpointManager(new Checkpoint(("model", new TestDense(2, 2))), dir.Path, maxToKeep: 2);

        for (int i = 0; i < 3; i++)
        {
            manager.Save();
        }

        Assert.Equal([dir["ckpt-2"], dir["ckpt-3"]], manager.Checkpoints);
        Assert.Equal(dir["ckpt-3"], manager.LatestCheckpoint);
        Assert.False(File.Exists(dir["ckpt-1.index"]));
        Assert.False(File.Exists(dir["ckpt-1.data-00000-of-00001"]));
        Assert.True(File.Exists(dir["ckpt-2.index"]));
        Assert.Equal(
            ["model_checkpoint_path: \"ckpt-3\"", "all_model_checkpoint_paths: \"ckpt-2\"", "all_model_checkpoint_paths: \"ckpt-3\""],
            StateLines(dir));
        var stamps = File.ReadAllLines(dir["checkpoint"]).Where(l => l.StartsWith("all_model_checkpoint_timestamps: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, stamps.Count);
        Assert.True(double.Parse(stamps[0].Split(": ")[1], CultureInfo.InvariantCulture) > 1.6e9);
        Assert.Equal(dir["ckpt-3"], CheckpointManager.Latest(dir.Path));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp*"));
        Assert.Equal(dir["ckpt-3"], new Checkpoint(("model", new TestDense(2, 2))).Restore(dir.Path).AssertConsumed().CheckpointPath);
    }

    [Fact]
    public void Latest_EmptyOrMissingDirectory_Null()
    {
        using var dir = new ScratchDir();

        Assert.Null(CheckpointManager.Latest(dir.Path));
        Assert.Null(CheckpointManager.Latest(dir["nope"]));
    }

    [Fact]
    public void RestoreOrInitialize_NewManagerOverSameDirectory_RestoresLatestAndAdoptsHistory()
    {
        using var dir = new ScratchDir();
        var model = new TestDense(2, 2);
        var manager = new CheckpointManager(new Checkpoint(("model", model)), dir.Path, maxToKeep: 2);
        manager.Save();
        model.Kernel!.Assign(Tensor.Fill([2, 2], 7));
        manager.Save();

        var fresh = new TestDense(2, 2);
        var freshCheckpoint = new Checkpoint(("model", fresh));
        var second = new CheckpointManager(freshCheckpoint, dir.Path, maxToKeep: 2);
        string? restored = second.RestoreOrInitialize();
        second.Save();

        Assert.Equal(dir["ckpt-2"], restored);
        TensorAssert.BitEqual(model.Kernel, fresh.Kernel!);
        Assert.Equal(3L, freshCheckpoint.SaveCount);   // the save counter came back with the checkpoint
        Assert.Equal([dir["ckpt-2"], dir["ckpt-3"]], second.Checkpoints);
        Assert.False(File.Exists(dir["ckpt-1.index"]));
    }

    [Fact]
    public void RestoreOrInitialize_NoCheckpoint_ReturnsNullAndKeepsValues()
    {
        using var dir = new ScratchDir();
        var model = new TestDense(2, 2);
        var before = model.Kernel!.Value();

        string? restored = new CheckpointManager(new Checkpoint(("model", model)), dir.Path, maxToKeep: 1).RestoreOrInitialize();

        Assert.Null(restored);
        TensorAssert.BitEqual(before, model.Kernel!);
    }

    [Fact]
    public void Save_CheckpointInterval_SkipsUntilEnoughSteps()
    {
        using var dir = new ScratchDir();
        var step = new Variable(Tensor.Constant(0L), trainable: false);
        var manager = new CheckpointManager(new Checkpoint(("model", new TestDense(1, 1))), dir.Path, maxToKeep: null,
            stepCounter: step, checkpointInterval: 10);

        var saved = new List<string?>();
        foreach (long s in new long[] { 0, 5, 10, 19, 20 })
        {
            step.Assign(Tensor.Constant(s));
            saved.Add(manager.Save());
        }

        Assert.Equal([dir["ckpt-1"], null, dir["ckpt-2"], null, dir["ckpt-3"]], saved);
        Assert.Equal(3, manager.Checkpoints.Count);
    }

    [Fact]
    public void Save_KeepEveryNHours_PreservesInsteadOfDeleting()
    {
        using var dir = new ScratchDir();
        // Zero hours: every checkpoint that leaves the recent window is preserved on disk.
        var manager = new CheckpointManager(new Checkpoint(("model", new TestDense(1, 1))), dir.Path, maxToKeep: 1, keepCheckpointEveryNHours: 0);

        manager.Save();
        manager.Save();

        Assert.Equal([dir["ckpt-2"]], manager.Checkpoints);
        Assert.True(File.Exists(dir["ckpt-1.index"]));
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        var ckpt = new Checkpoint(("m", new TestDense(1, 1)));

        Assert.Throws<ArgumentException>(() => new CheckpointManager(ckpt, "d", maxToKeep: 0));
        Assert.Throws<ArgumentException>(() => new CheckpointManager(ckpt, "d", maxToKeep: 1, checkpointInterval: 5));
    }
}
