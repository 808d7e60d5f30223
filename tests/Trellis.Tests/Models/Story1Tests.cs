using Trellis.Checkpoints;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Models;

public sealed class Story1Tests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "trellis-story1-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Story1_FitSaveRestore_PredictionsAndContinuedTrainingMatch()
    {
        // API.md story 1 (whole-model Save/Load is the saving issue's; the round trip goes through Checkpoint).
        var model = new Sequential(
            new Dense(128, activation: "relu", inputShape: [784]),
            new Dense(10, activation: "softmax"));
        model.Compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"]);

        Tensor x = Tensor.RandomNormal([100, 784], seed: 1);
        Tensor y = Tensor.RandomNormal([100, 10], seed: 2);
        var output = new StringWriter();
        History history = model.Fit(x, y, epochs: 1, batchSize: 32, output: output, seed: 7);
        double lastLoss = history["loss"][^1];

        Assert.True(double.IsFinite(lastLoss));
        Assert.Single(history["accuracy"]);
        Assert.StartsWith("Epoch 1/1", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("4/4 - ", output.ToString(), StringComparison.Ordinal);

        string path = new Checkpoint(("model", model)).Save(Path.Combine(_dir, "ckpt"));
        var loaded = new Sequential(
            new Dense(128, activation: "relu", inputShape: [784]),
            new Dense(10, activation: "softmax"));
        loaded.Compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        new Checkpoint(("model", loaded)).Restore(path).AssertExistingObjectsMatched();

        Tensor[] a = model.GetWeights(), b = loaded.GetWeights();
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++)
        {
            TensorAssert.BitEqual(a[i], b[i]);
        }
        TensorAssert.BitEqual(model.Predict(x), loaded.Predict(x));
        Assert.Equal(model.Optimizer!.Iterations.Item<long>(), loaded.Optimizer!.Iterations.Item<long>());

        // Continued training is identical: the Adam slots come back through deferred restoration.
        model.Fit(x, y, epochs: 1, batchSize: 32, verbose: 0, seed: 8);
        loaded.Fit(x, y, epochs: 1, batchSize: 32, verbose: 0, seed: 8);
        a = model.GetWeights();
        b = loaded.GetWeights();
        for (int i = 0; i < a.Length; i++)
        {
            TensorAssert.BitEqual(a[i], b[i]);
        }

        var summary = new StringWriter();
        model.Summary(summary);
        Assert.Contains("Total params: 101,770 (397.54 KB)", summary.ToString(), StringComparison.Ordinal);
    }
}
