using Trellis.Layers;
using Trellis.Models;
using Trellis.Optimizers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Models;

public class ModelTests
{
    [Fact]
    public void Subclassed_NestedLayers_TrainAndTrackWeights()
    {
        var model = new TwoTower();
        model.Compile(new Adam(learningRate: 0.01), "mse");
        var x = Tensor.RandomNormal([64, 3], seed: 1);
        var y = Ops.Sum(Ops.Square(x), 1, keepDims: true);

        var history = model.Fit(x, y, epochs: 30, batchSize: 16, verbose: 0, seed: 2);

        Assert.True(history["loss"][^1] < history["loss"][0] / 4, $"loss {history["loss"][0]} -> {history["loss"][^1]}");
        Assert.Equal(2 + 2 + 2, model.TrainableVariables.Count);
        Assert.Equal(["optimizer", "towers", "head"], model.GetTrackedChildren().Select(c => c.Key));
        Assert.Equal(3, model.Layers.Count);
    }

    [Fact]
    public void Fit_SampleWeightTwo_EqualsDoubleLearningRate()
    {
        var (a, x, y) = Linear(0.1);
        var (b, _, _) = Linear(0.2);
        b.SetWeights(a.GetWeights());

        a.Fit(x, y, batchSize: 8, verbose: 0, shuffle: false, sampleWeight: Tensor.Fill([8], 2.0));
        b.Fit(x, y, batchSize: 8, verbose: 0, shuffle: false);

        TensorAssert.Close(b.GetWeights()[0], a.GetWeights()[0], rtol: 1e-6);
    }

    [Fact]
    public void Fit_ZeroClassWeights_LeaveWeightsUnchanged()
    {
        var model = new Sequential(new Dense(3, activation: "softmax", inputShape: [2]));
        model.Compile(new SGD(learningRate: 0.5), "sparse_categorical_crossentropy");
        var before = model.GetWeights();

        model.Fit(Tensor.RandomNormal([6, 2], seed: 1), Tensor.Constant(new[] { 0, 1, 2, 0, 1, 2 }), verbose: 0,
            classWeight: new Dictionary<int, double> { [0] = 0, [1] = 0, [2] = 0 });

        TensorAssert.BitEqual(before[0], model.GetWeights()[0]);
    }

    [Fact]
    public void TrainOnBatch_ReturnsLossBeforeStep()
    {
        var (model, x, y) = Linear(0.1);
        double expected = model.Evaluate(x, y)["loss"];

        var logs = model.TrainOnBatch(x, y);

        Assert.Equal(expected, logs["loss"], 6);
        Assert.True(model.Evaluate(x, y)["loss"] < expected);
    }

    private static (Sequential Model, Tensor X, Tensor Y) Linear(double lr)
    {
        var model = new Sequential(new Dense(1, inputShape: [2]));
        model.Compile(new SGD(learningRate: lr), "mse");
        var x = Tensor.RandomNormal([8, 2], seed: 4);
        return (model, x, Ops.Sum(x, 1, keepDims: true) * 3.0);
    }

    private sealed class TwoTower : Model
    {
        private readonly List<Dense> _towers = [new(8, activation: "tanh"), new(8, activation: "relu")];
        private readonly Dense _head = new(1);

        protected override Tensor Call(Tensor inputs) => _head.Apply(_towers[0].Apply(inputs) + _towers[1].Apply(inputs));
    }
}
