using Trellis.Layers;
using Trellis.Models;

namespace Trellis.Tests.Saving;

public sealed class Story1SavingTests : IDisposable
{
    private readonly string _path = SavingTestSupport.TempPath("my_model.trellis");

    public void Dispose() => SavingTestSupport.DeleteFileAndDirectory(_path);

    [Fact]
    public void Story1_SaveLoad_WeightsOptimizerStatePredictionsAndContinuedFitMatch()
    {
        // API.md story 1, with the archive instead of a Checkpoint.
        var model = new Sequential(
            new Dense(128, activation: "relu", inputShape: [784]),
            new Dense(10, activation: "softmax"));
        model.Compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        Tensor x = Tensor.RandomNormal([100, 784], seed: 1);
        Tensor y = Tensor.RandomNormal([100, 10], seed: 2);
        model.Fit(x, y, epochs: 1, batchSize: 32, verbose: 0, seed: 7);

        model.Save(_path);
        Model loaded = Model.Load(_path);

        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        Assert.Equal(SavingTestSupport.ConfigJsonOf(model), SavingTestSupport.ConfigJsonOf(loaded));
        Assert.IsType<Trellis.Optimizers.Adam>(loaded.Optimizer);
        Assert.Equal(model.Optimizer!.Iterations.Item<long>(), loaded.Optimizer!.Iterations.Item<long>());
        TestSupport.TensorAssert.BitEqual(model.Predict(x), loaded.Predict(x));

        var h1 = model.Fit(x, y, epochs: 1, batchSize: 32, verbose: 0, seed: 8);
        var h2 = loaded.Fit(x, y, epochs: 1, batchSize: 32, verbose: 0, seed: 8);
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        SavingTestSupport.AssertOptimizerStateBitEqual(model, loaded);
        Assert.Equal(h1["loss"][^1], h2["loss"][^1]);
        Assert.Equal(h1["accuracy"][^1], h2["accuracy"][^1]);
    }

    [Fact]
    public void Save_ExistingFile_RefusesUnlessOverwrite()
    {
        var model = new Sequential(new Dense(2, inputShape: [3]));
        model.Save(_path);
        var e = Assert.Throws<IOException>(() => model.Save(_path));
        Assert.Contains("overwrite: true", e.Message, StringComparison.Ordinal);
        model.Save(_path, overwrite: true);
        Assert.IsType<Sequential>(Model.Load(_path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(_path)!));
    }
}
