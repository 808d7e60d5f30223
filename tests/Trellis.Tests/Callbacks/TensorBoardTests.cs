using Trellis.Callbacks;
using Trellis.Layers;
using Trellis.Models;
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
            tb.OnTrainEnd(new Dictionary<string, double>());
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
    public void Fit_WithTensorBoardCallback_LogsEveryEpochLossAndValidation()
    {
        using var dir = new ScratchDir();
        var model = new Sequential(new Dense(4, activation: "relu", inputShape: [3]), new Dense(2, activation: "softmax"));
        model.Compile(optimizer: "sgd", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        Tensor x = Tensor.RandomNormal([20, 3], seed: 1);
        Tensor y = Ops.OneHot(Tensor.Constant(Enumerable.Range(0, 20).Select(i => i % 2).ToArray(), [20]), 2);
        var history = model.Fit(x, y, epochs: 3, batchSize: 8, verbose: 0, validationSplit: 0.25, seed: 3, callbacks: [new TensorBoard(dir.Path)]);
        var train = EventFileReader.ReadScalars(Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "train"))));
        var val = EventFileReader.ReadScalars(Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "validation"))));
        Assert.Equal(history["loss"].Select(v => (float)v), train.Where(s => s.Tag == "epoch_loss").Select(s => s.Value));
        Assert.Equal(history["val_accuracy"].Select(v => (float)v), val.Where(s => s.Tag == "epoch_accuracy").Select(s => s.Value));
        Assert.Equal([0L, 1L, 2L], val.Where(s => s.Tag == "epoch_loss").Select(s => s.Step));
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
