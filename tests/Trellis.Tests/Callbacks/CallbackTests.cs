using Trellis.Callbacks;
using Trellis.Checkpoints;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Optimizers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Callbacks;

public sealed class CallbackTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "trellis-callbacks-" + Guid.NewGuid().ToString("N"));

    public CallbackTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (Sequential Model, Tensor X, Tensor Y) Regression(double learningRate)
    {
        var model = new Sequential(new Dense(1, inputShape: [2]));
        model.Compile(new SGD(learningRate: learningRate), "mse");
        var x = Tensor.RandomNormal([16, 2], seed: 1);
        return (model, x, Ops.Sum(x, 1, keepDims: true));
    }

    [Fact]
    public void ReduceLROnPlateau_NoImprovement_MultipliesLearningRate()
    {
        var (model2, x2, y2) = Regression(1e-9);

        // minDelta 1 means no epoch after the first counts as an improvement: epochs 1 and 2 each halve the rate.
        model2.Fit(x2, y2, epochs: 3, verbose: 0, callbacks: [new ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 1, minDelta: 1)], seed: 1);

        Assert.Equal(0.25e-9, model2.Optimizer!.LearningRate, 15);
    }

    [Fact]
    public void LearningRateScheduler_SetsRateEachEpoch()
    {
        var (model, x, y) = Regression(0.1);
        var seen = new List<double>();
        var log = new LambdaCallback(onEpochBegin: (_, _) => seen.Add(model.Optimizer!.LearningRate));

        model.Fit(x, y, epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler((epoch, lr) => 0.01 * (epoch + 1)), log], seed: 1);

        Assert.Equal([0.01, 0.02, 0.03], seen.Select(v => Math.Round(v, 6)));
    }

    [Fact]
    public void TerminateOnNaN_DivergingLoss_StopsTraining()
    {
        var (model, x, y) = Regression(1e30);
        var terminate = new TerminateOnNaN();

        var history = model.Fit(x * 1e10, y, epochs: 50, batchSize: 4, verbose: 0, callbacks: [terminate], seed: 1);

        Assert.NotNull(terminate.StoppedAtBatch);
        Assert.True(history["loss"].Count < 50);
    }

    [Fact]
    public void CSVLogger_WritesHeaderAndOneRowPerEpoch()
    {
        var (model, x, y) = Regression(0.1);
        string file = Path.Combine(_dir, "log.csv");

        var history = model.Fit(x, y, epochs: 2, verbose: 0, callbacks: [new CSVLogger(file)], seed: 1);

        var lines = File.ReadAllLines(file);
        Assert.Equal(["epoch,loss", $"0,{history["loss"][0]:R}", $"1,{history["loss"][1]:R}"], lines);
    }

    [Fact]
    public void ModelCheckpoint_SaveBestOnly_WritesRestorableCheckpoints()
    {
        var (model, x, y) = Regression(0.1);
        var checkpoint = new ModelCheckpoint(Path.Combine(_dir, "ckpt-{epoch}-{loss:0.000}"), monitor: "loss", saveBestOnly: true);

        model.Fit(x, y, epochs: 3, verbose: 0, callbacks: [checkpoint], seed: 1);

        Assert.Equal(3, checkpoint.SavedPaths.Count);
        Assert.StartsWith("ckpt-03-", Path.GetFileName(checkpoint.SavedPaths[^1]), StringComparison.Ordinal);
        var (fresh, _, _) = Regression(0.1);
        new Checkpoint(("model", fresh)).Restore(checkpoint.SavedPaths[^1]).AssertExistingObjectsMatched();
        TensorAssert.BitEqual(model.GetWeights()[0], fresh.GetWeights()[0]);
    }
}
