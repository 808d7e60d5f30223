using Trellis.Data;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Optimizers;

namespace Trellis.Tests.Data;

public class DatasetTrainingTests
{
    [Fact]
    public void Fit_IrisThroughShuffledPrefetchedDataset_LowersTheLoss()
    {
        var (x, y) = Datasets.Iris.Load();
        var model = new Sequential(new Dense(16, activation: "relu", inputShape: [4]), new Dense(3, activation: "softmax"));
        model.Compile(new Adam(learningRate: 0.01), "sparse_categorical_crossentropy");
        var train = Dataset.FromTensorSlices(x, y).Shuffle(150, seed: 1).Batch(32).Prefetch(2);
        double before = model.Evaluate(x, y, batchSize: 150)["loss"];

        var history = model.Fit(train, epochs: 15, verbose: 0);

        double after = model.Evaluate(x, y, batchSize: 150)["loss"];
        Assert.Equal(15, history["loss"].Count);
        Assert.True(after < 0.7 * before, $"loss {before} -> {after}");
    }
}
