using Trellis.Tests.TestSupport;
using Trellis.Checkpoints;
using Trellis.Tests.Tracking;
using Trellis.Tracking;

namespace Trellis.Tests.Checkpoints;

public sealed class RestoreStatusTests
{
    private sealed class Net : Trackable
    {
        public Net(bool withExtra = false, int hidden = 4)
        {
            Dense = new TestDense(3, hidden);
            if (withExtra)
            {
                Extra = new TestDense(2, 2);
            }
        }

        public TestDense Dense { get; }

        public TestDense? Extra { get; }
    }

    private static string SaveNet(ScratchDir dir, Net net) => new Checkpoint(("model", net)).Save(dir["ckpt"]);

    [Fact]
    public void Assertions_ExactMatch_AllPass()
    {
        using var dir = new ScratchDir();
        string path = SaveNet(dir, new Net());

        var status = new Checkpoint(("model", new Net())).Restore(path);

        status.AssertConsumed().AssertExistingObjectsMatched().AssertNontrivialMatch().ExpectPartial();
        Assert.Equal(["model/Dense/bias", "model/Dense/kernel", "save_counter"], status.Report.Matched.Order());
        Assert.Empty(status.Report.MissingInCheckpoint);
        Assert.Empty(status.Report.UnusedInCheckpoint);
        Assert.Empty(status.Report.Mismatched);
    }

    [Fact]
    public void AssertConsumed_CheckpointHasMore_FailsNamingUnusedPaths_ButExistingObjectsMatch()
    {
        using var dir = new ScratchDir();
        string path = SaveNet(dir, new Net(withExtra: true));

        var status = new Checkpoint(("model", new Net())).Restore(path);

        var e = Assert.Throws<InvalidOperationException>(() => status.AssertConsumed());
        Assert.Contains("model/Extra/kernel", e.Message, StringComparison.Ordinal);
        Assert.Contains("model/Extra/bias", e.Message, StringComparison.Ordinal);
        status.AssertExistingObjectsMatched().AssertNontrivialMatch();
        Assert.Equal(["model/Extra/bias", "model/Extra/kernel"], status.Report.UnusedInCheckpoint.Order());
    }

    [Fact]
    public void AssertExistingObjectsMatched_LiveObjectNotInCheckpoint_FailsNamingPath()
    {
        using var dir = new ScratchDir();
        string path = SaveNet(dir, new Net());

        var status = new Checkpoint(("model", new Net(withExtra: true))).Restore(path);

        var e = Assert.Throws<InvalidOperationException>(() => status.AssertExistingObjectsMatched());
        Assert.Contains("model/Extra/kernel", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => status.AssertConsumed());
        status.AssertNontrivialMatch();
        Assert.Equal(["model/Extra/bias", "model/Extra/kernel"], status.Report.MissingInCheckpoint.Order());
    }

    [Fact]
    public void AssertNontrivialMatch_UnrelatedCheckpoint_FailsListingLiveObjects()
    {
        using var dir = new ScratchDir();
        string path = new Checkpoint(("other", new TestDense(1, 1))).Save(dir["ckpt"]);

        var status = new Checkpoint(("model", new Net())).Restore(path);

        var e = Assert.Throws<InvalidOperationException>(() => status.AssertNontrivialMatch());
        Assert.Contains("Nothing except the root", e.Message, StringComparison.Ordinal);
        Assert.Contains("model/Dense/kernel", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_ShapeMismatch_ReportedNotRestoredAndAssertionsFail()
    {
        using var dir = new ScratchDir();
        string path = SaveNet(dir, new Net(hidden: 4));
        var live = new Net(hidden: 5);
        var before = live.Dense.Kernel!.Value();

        var status = new Checkpoint(("model", live)).Restore(path);

        var mismatch = Assert.Single(status.Report.Mismatched, m => m.Path == "model/Dense/kernel");
        Assert.Equal(new TensorSpec([3, 5], DType.Float32), mismatch.Expected);
        Assert.Equal(new TensorSpec([3, 4], DType.Float32), mismatch.InCheckpoint);
        Assert.True(before.ToBytes().AsSpan().SequenceEqual(live.Dense.Kernel!.ToBytes()));
        var e = Assert.Throws<InvalidOperationException>(() => status.AssertExistingObjectsMatched());
        Assert.Contains("model/Dense/kernel", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => status.AssertConsumed());
    }

    [Fact]
    public void AssertConsumed_DeferredObjectsBuiltLater_PassesOnceBuilt()
    {
        using var dir = new ScratchDir();
        var saved = new TestModel();
        string path = new Checkpoint(("model", saved)).Save(dir["ckpt"]);
        var fresh = new TestModel(build: false);

        var status = new Checkpoint(("model", fresh)).Restore(path);
        var e = Assert.Throws<InvalidOperationException>(() => status.AssertConsumed());
        Assert.Contains("model/First/kernel", e.Message, StringComparison.Ordinal);
        fresh.Build();

        status.AssertConsumed();
    }
}
