using Trellis.Data;
using Trellis.Layers;
using Trellis.Models;

namespace Trellis.Tests.Data;

public class DatasetTests
{
    private static readonly Tensor s_x = Tensor.Constant(Enumerable.Range(0, 10).Select(i => (float)i).ToArray(), [5, 2]);
    private static readonly Tensor s_y = Tensor.Constant(new float[] { 0, 1, 2, 3, 4 }, [5]);

    [Fact]
    public void FromTensorSlices_Batch_StacksRowsAndKeepsRemainder()
    {
        var batches = Dataset.FromTensorSlices(s_x, s_y).Batch(2).ToList();

        Assert.Equal(3, batches.Count);
        Assert.Equal(new Shape(2, 2), batches[0].X.Shape);
        Assert.Equal([2f, 3], batches[1].Y.ToArray<float>());
        Assert.Equal(new Shape(1, 2), batches[2].X.Shape);
        Assert.Equal(2, Dataset.FromTensorSlices(s_x).Batch(2, dropRemainder: true).Count());
    }

    [Fact]
    public void TakeSkipRepeatMap_ComposeLazily()
    {
        var values = Dataset.FromTensorSlices(s_y).Skip(1).Take(3).Repeat(2).Map(t => t.Item<float>()).ToList();
        Assert.Equal([1f, 2, 3, 1, 2, 3], values);
    }

    [Fact]
    public void Shuffle_Seeded_PermutesAndIsReproducible()
    {
        var a = Dataset.FromTensorSlices(s_y).Shuffle(10, seed: 3).Map(t => t.Item<float>()).ToList();
        var b = Dataset.FromTensorSlices(s_y).Shuffle(10, seed: 3).Map(t => t.Item<float>()).ToList();

        Assert.Equal(a, b);
        Assert.Equal([0f, 1, 2, 3, 4], a.Order());
    }

    [Fact]
    public void Prefetch_SameElementsInOrder()
    {
        var values = Dataset.FromTensorSlices(s_y).Map(t => t.Item<float>()).Prefetch(2).ToList();
        Assert.Equal([0f, 1, 2, 3, 4], values);
    }

    [Fact]
    public void Prefetch_SourceThrows_Surfaces()
    {
        var ds = Dataset.FromTensorSlices(s_y).Map<float>(_ => throw new FormatException("bad record")).Prefetch();
        var ex = Assert.Throws<InvalidOperationException>(() => ds.ToList());
        Assert.IsType<FormatException>(ex.InnerException);
    }

    [Fact]
    public void ModelFit_Dataset_TrainsAndEvaluates()
    {
        var x = Tensor.RandomNormal([64, 3], seed: 1);
        var y = Ops.Sum(x, 1, keepDims: true);
        var model = new Sequential(new Dense(1, inputShape: [3]));
        model.Compile(new Trellis.Optimizers.SGD(learningRate: 0.1), "mse");
        var train = Dataset.FromTensorSlices(x, y).Shuffle(64, seed: 2).Batch(16).Prefetch();

        var output = new StringWriter();
        var history = model.Fit(train, epochs: 10, validationData: Dataset.FromTensorSlices(x, y).Batch(32), output: output, verbose: 2);

        Assert.True(history["loss"][^1] < history["loss"][0] / 10);
        Assert.Contains("4/4 - ", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(history["val_loss"][^1], model.Evaluate(Dataset.FromTensorSlices(x, y).Batch(32))["loss"], 6);
        Assert.Equal(new Shape(64, 1), model.Predict(Dataset.FromTensorSlices(x).Batch(10)).Shape);
    }
}
