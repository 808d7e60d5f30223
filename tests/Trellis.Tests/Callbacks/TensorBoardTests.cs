using Trellis.Callbacks;
using Trellis.Summaries;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Callbacks;

public class TensorBoardTests
{
    [Fact]
    public void OnEpochEnd_TrainAndValidationLogs_GoToSeparateRunDirectories()
    {
        using var dir = new ScratchDir();
        using (var tb = new TensorBoard(dir.Path))
        {
            tb.OnEpochEnd(0, new Dictionary<string, double> { ["loss"] = 1.5, ["accuracy"] = 0.25, ["val_loss"] = 1.75, ["val_accuracy"] = 0.125 });
            tb.OnEpochEnd(1, new Dictionary<string, double> { ["loss"] = 0.5, ["accuracy"] = 0.75, ["val_loss"] = 0.625, ["val_accuracy"] = 0.5 });
            tb.OnTrainEnd();
        }
        string trainFile = Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "train"), "events.out.tfevents.*"));
        string valFile = Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "validation"), "events.out.tfevents.*"));
        var train = EventFileReader.ReadScalars(trainFile);
        var val = EventFileReader.ReadScalars(valFile);
        Assert.Equal([1.5f, 0.5f], train.Where(s => s.Tag == "epoch_loss").Select(s => s.Value));
        Assert.Equal([0L, 1L], train.Where(s => s.Tag == "epoch_accuracy").Select(s => s.Step));
        Assert.Equal([1.75f, 0.625f], val.Where(s => s.Tag == "epoch_loss").Select(s => s.Value));
        Assert.Equal([0.125f, 0.5f], val.Where(s => s.Tag == "epoch_accuracy").Select(s => s.Value));
    }

    [Fact]
    public void OnEpochEnd_NoValidationKeys_CreatesNoValidationDirectory()
    {
        using var dir = new ScratchDir();
        using (var tb = new TensorBoard(dir.Path))
        {
            tb.OnEpochEnd(0, new Dictionary<string, double> { ["loss"] = 1.0 });
        }
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "validation")));
        Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "train")));
    }
}
