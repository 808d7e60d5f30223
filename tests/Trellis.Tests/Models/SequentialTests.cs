using Trellis.Layers;
using Trellis.Losses;
using Trellis.Metrics;
using Trellis.Models;
using Trellis.Optimizers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Models;

public class SequentialTests
{
    [Fact]
    public void TrackedChildren_NamedAsTfKeras2()
    {
        var model = new Sequential(
            new Dense(4, inputShape: [3]),
            new Dropout(0.5),
            new Dense(2));
        model.Compile(new Adam(), new MeanSquaredError());

        var names = model.GetTrackedChildren().Select(c => c.Key).ToList();

        Assert.Contains("optimizer", names);
        Assert.Equal(["layer_with_weights-0", "layer-0", "layer-1", "layer_with_weights-1", "layer-2"], names.Where(n => n.StartsWith("layer", StringComparison.Ordinal)));
        var first = (Layer)model.GetTrackedChildren().Single(c => c.Key == "layer_with_weights-0").Value;
        Assert.Equal(["kernel", "bias"], first.GetTrackedChildren().Select(c => c.Key));
    }

    [Fact]
    public void InputShapeOnFirstLayer_BuildsImmediately()
    {
        var model = new Sequential(new Dense(5, inputShape: [3]), new Dense(2));

        Assert.Equal(4, model.Variables.Count);
        Assert.Equal([new Shape(-1, 5), new Shape(-1, 2)], model.OutputShapes()!);
    }

    [Fact]
    public void NoInputShape_BuildsOnFirstCall()
    {
        var model = new Sequential(new Flatten(), new Dense(2));
        Assert.Empty(model.Variables);

        var y = model.Predict(Tensor.Ones([4, 2, 3]));

        Assert.Equal(new Shape(4, 2), y.Shape);
        Assert.Equal(new Shape(6, 2), model.Variables[0].Shape);
    }

    [Fact]
    public void AddAndPop_ChangeLayers()
    {
        var model = new Sequential(new Dense(3, inputShape: [2]));
        model.Add(new Dense(4));
        Assert.Equal(2, model.Layers.Count);
        Assert.Equal(new Shape(3, 4), model.Layers[1].Variables[0].Shape);

        var popped = model.Pop();

        Assert.IsType<Dense>(popped);
        Assert.Single(model.Layers);
        Assert.Equal(2, model.GetTrackedChildren().Count(c => c.Key.StartsWith("layer", StringComparison.Ordinal)));
    }

    [Fact]
    public void InputLayer_First_DeclaresShapeAndIsNotCountedInLayers()
    {
        var model = new Sequential(new InputLayer([3]), new Dense(2));

        Assert.Single(model.Layers);
        Assert.Equal(2, model.Variables.Count);
        Assert.Equal("layer-0", model.GetTrackedChildren().Single(c => ReferenceEquals(c.Value, model.Layers[0]) && c.Key.StartsWith("layer-", StringComparison.Ordinal)).Key);
    }

    [Fact]
    public void SetWeights_GetWeights_RoundTrip()
    {
        var model = new Sequential(new Dense(3, inputShape: [2]), new Dense(1));
        var weights = model.GetWeights().Select((w, i) => Tensor.Fill(w.Shape, i + 1)).ToArray();

        model.SetWeights(weights);

        var back = model.GetWeights();
        for (int i = 0; i < weights.Length; i++)
        {
            TensorAssert.BitEqual(weights[i], back[i]);
        }
        Assert.Throws<ArgumentException>(() => model.SetWeights(weights[..2]));
    }

    [Fact]
    public void Fit_LinearRegression_LossDecreasesAndEvaluateMatches()
    {
        var x = Tensor.RandomNormal([256, 3], seed: 11);
        var y = Ops.MatMul(x, Tensor.Constant(new float[] { 1, -2, 0.5f }, [3, 1])) + 0.3;
        var model = new Sequential(new Dense(1, inputShape: [3]));
        model.Compile(new SGD(learningRate: 0.1), "mse");

        var history = model.Fit(x, y, epochs: 20, batchSize: 32, verbose: 0, seed: 1);

        Assert.True(history["loss"][^1] < 1e-4, $"final loss {history["loss"][^1]}");
        Assert.True(history["loss"][0] > history["loss"][^1]);
        var eval = model.Evaluate(x, y);
        Assert.True(eval["loss"] < 1e-4);
    }

    [Fact]
    public void Fit_ValidationSplit_LogsValMetrics()
    {
        var x = Tensor.RandomNormal([50, 4], seed: 3);
        var labels = Tensor.RandomUniform([50], 0, 3, seed: 4, dtype: DType.Int32);
        var model = new Sequential(new Dense(3, activation: "softmax", inputShape: [4]));
        model.Compile("adam", "sparse_categorical_crossentropy", ["accuracy"]);

        var history = model.Fit(x, labels, epochs: 2, batchSize: 16, validationSplit: 0.2, verbose: 0, seed: 2);

        Assert.Equal(["loss", "accuracy", "val_loss", "val_accuracy"], history.Keys);
        Assert.IsType<SparseCategoricalAccuracy>(model.CompiledMetrics![0]);
        Assert.Equal(2, history["val_loss"].Count);
    }

    [Fact]
    public void Fit_NotCompiled_ThrowsWithFix()
    {
        var model = new Sequential(new Dense(1, inputShape: [1]));
        var ex = Assert.Throws<InvalidOperationException>(() => model.Fit(Tensor.Ones([2, 1]), Tensor.Ones([2, 1])));
        Assert.Contains("Compile", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_PrintsKerasTable()
    {
        var model = new Sequential([new Dense(128, activation: "relu", inputShape: [784], name: "dense"), new Dense(10, activation: "softmax", name: "dense_1")], "sequential");
        var output = new StringWriter();

        model.Summary(output);

        string expected = """
            Model: "sequential"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
            │ dense (Dense)                   │ (None, 128)            │       100,480 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ dense_1 (Dense)                 │ (None, 10)             │         1,290 │
            └─────────────────────────────────┴────────────────────────┴───────────────┘
             Total params: 101,770 (397.54 KB)
             Trainable params: 101,770 (397.54 KB)
             Non-trainable params: 0 (0.00 B)

            """;
        Assert.Equal(expected.ReplaceLineEndings(), output.ToString().ReplaceLineEndings());
    }
}
