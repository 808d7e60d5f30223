using Trellis.Checkpoints;
using Trellis.Layers;
using Trellis.Layers.Merging;
using Trellis.Models;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Models;

public sealed class FunctionalTests
{
    private static readonly Tensor s_x = Tensor.RandomNormal([5, 6], seed: 11);

    [Fact]
    public void Apply_Mlp_EqualsSequentialWithSameWeights()
    {
        var inputs = Functional.Input([6]);
        var h = new Dense(8, activation: "relu").Apply(inputs);
        var outputs = new Dense(3, activation: "softmax").Apply(h);
        var model = new Functional(inputs, outputs);
        var sequential = new Sequential(new Dense(8, activation: "relu", inputShape: [6]), new Dense(3, activation: "softmax"));

        sequential.SetWeights(model.GetWeights());

        Assert.Equal(new Shape(-1, 8), h.Shape);
        Assert.Equal(new Shape(-1, 3), outputs.Shape);
        Assert.Equal(4, model.Variables.Count);
        TensorAssert.BitEqual(sequential.Predict(s_x), model.Predict(s_x));
        TensorAssert.BitEqual(sequential.Apply(s_x), model.Apply(s_x));
    }

    [Fact]
    public void SharedLayer_OneWeightSet_GradientAccumulatesFromBothCalls()
    {
        var a = Functional.Input([6], name: "a");
        var b = Functional.Input([6], name: "b");
        var shared = new Dense(2, useBias: false);
        var sum = new Add().Apply([shared.Apply(a), shared.Apply(b)]);
        var model = new Functional([a, b], [sum]);
        Tensor xa = s_x, xb = Tensor.RandomNormal([5, 6], seed: 12);

        Assert.Single(model.Variables);
        Assert.Equal(2, shared.InboundNodes.Count);
        using var tape = new GradientTape();
        var y = Ops.Sum(model.Apply([xa, xb])[0]);
        var grad = tape.Gradient(y, shared.Kernel!)!;

        // d/dK sum((xa + xb) K) = (xa + xb)^T 1: each column is the column sums of xa + xb.
        var columnSums = Ops.Sum(Ops.Add(xa, xb), 0);
        var expected = Ops.Stack([columnSums, columnSums], 1);
        TensorAssert.Close(expected, grad, 1e-5, 1e-6);
    }

    [Fact]
    public void MultiInput_Concatenated_EqualsHandComputation()
    {
        var a = Functional.Input([6], name: "left");
        var b = Functional.Input([2], name: "right");
        var dense = new Dense(3);
        var outputs = dense.Apply(new Concatenate().Apply([a, b]));
        var model = new Functional([a, b], [outputs], name: "two_inputs");
        var xb = Tensor.RandomNormal([5, 2], seed: 4);

        var y = model.Apply([s_x, xb])[0];

        var expected = Ops.Add(Ops.MatMul(Ops.Concat([s_x, xb], 1), dense.Kernel!), dense.Bias!);
        TensorAssert.Close(expected, y, 1e-6, 1e-6);
        Assert.Equal(["left", "right"], model.InputNames);
        Assert.Equal(new Shape(-1, 8), dense.BuildInputShape);
    }

    [Fact]
    public void MultiOutput_ReturnsEveryHead_WithUniqueOutputNames()
    {
        var x = Functional.Input([6]);
        var h = new Dense(4, activation: "tanh", name: "trunk").Apply(x);
        var head1 = new Dense(1, name: "score").Apply(h);
        var head2 = new Dense(3, activation: "softmax", name: "label").Apply(h);
        var model = new Functional([x], [head1, head2, head1]);

        var outputs = model.Apply([s_x]);

        Assert.Equal(3, outputs.Count);
        Assert.Equal(new Shape(5, 1), outputs[0].Shape);
        Assert.Equal(new Shape(5, 3), outputs[1].Shape);
        Assert.Equal(["score", "label", "score_1"], model.OutputNames);
        var e = Assert.Throws<InvalidOperationException>(() => model.Apply(s_x));
        Assert.Contains("model.Apply([x1, x2])", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NestedModels_SequentialAndFunctionalAsLayers_EqualComposition()
    {
        var innerInput = Functional.Input([4]);
        var innerDense = new Dense(3, activation: "relu");
        var inner = new Functional(innerInput, innerDense.Apply(innerInput), name: "inner");
        var block = new Sequential([new Dense(4, inputShape: [6]), new Activation("tanh")], "block");
        var x = Functional.Input([6]);
        var outer = new Functional(x, inner.Apply(block.Apply(x)), name: "outer");

        var y = outer.Apply(s_x);

        TensorAssert.BitEqual(inner.Apply(block.Apply(s_x)), y);
        Assert.Equal(new Shape(-1, 3), outer.Outputs[0].Shape);
        Assert.Equal(4, outer.Variables.Count);
        Assert.Equal([typeof(InputLayer), typeof(Sequential), typeof(Functional)], outer.Layers.Select(l => l.GetType()));
    }

    [Fact]
    public void TrackedChildren_InputLayerIsLayer0_OrderedByDepthAsTfKeras2()
    {
        var x = Functional.Input([3], name: "x");
        var left = new Dense(2, name: "left");
        var right = new Dense(2, name: "right");
        var add = new Add(name: "sum");
        var top = new Dense(1, name: "top");
        var model = new Functional(x, top.Apply(add.Apply([left.Apply(x), right.Apply(x)])));

        var children = model.GetTrackedChildren().Where(c => c.Key.StartsWith("layer", StringComparison.Ordinal)).ToList();

        // tf.keras 2 (_map_graph_network): layers by decreasing depth from the output, ties by first visit in a
        // depth-first walk from the output; layer-N counts the InputLayer, layer_with_weights-M only layers with weights.
        Assert.Equal(["x", "left", "right", "sum", "top"], model.Layers.Select(l => l.Name));
        Assert.Equal(
            ["layer-0", "layer_with_weights-0", "layer-1", "layer_with_weights-1", "layer-2", "layer-3", "layer_with_weights-2", "layer-4"],
            children.Select(c => c.Key));
        Assert.Same(right, children.Single(c => c.Key == "layer_with_weights-1").Value);
    }

    [Fact]
    public void Restore_TensorFlowFunctionalCheckpoint_ValuesEqualNpyFiles()
    {
        // Keras 2.11 Functional: Input(28,28,1) -> Flatten -> Dense(100, relu) -> Dense(10) -> Softmax.
        var x = Functional.Input([28, 28, 1]);
        var first = new Dense(100, activation: "relu");
        var second = new Dense(10);
        var model = new Functional(x, new Activation("softmax").Apply(second.Apply(first.Apply(new Flatten().Apply(x)))));

        var status = new Checkpoint(model).Read(TestSupport.Fixtures.Path("tensorflow_net", "simple_model_from_auto_compile", "variables", "variables"));

        status.AssertExistingObjectsMatched().AssertNontrivialMatch();
        TensorAssert.BitEqual(Npy.Read(TestSupport.Fixtures.Path("tensorflow_net", "simple_model_from_auto_compile", "kernel1.npy")), second.Kernel!);
        TensorAssert.BitEqual(Npy.Read(TestSupport.Fixtures.Path("tensorflow_net", "simple_model_from_auto_compile", "bias0.npy")), first.Bias!);
        Assert.Equal(-0.03800301253795624f, first.Kernel!.GetValue<float>(0, 0));
    }

    [Fact]
    public void Constructor_OutputNotConnectedToInputs_NamesLayerAndInput()
    {
        var a = Functional.Input([3], name: "seen");
        var b = Functional.Input([3], name: "forgotten");
        var sum = new Add(name: "joined").Apply([a, b]);

        var e = Assert.Throws<ArgumentException>(() => new Functional(a, sum, name: "broken"));

        Assert.Contains("Graph disconnected in model 'broken'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'joined'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'forgotten'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DuplicateLayerNames_Throws()
    {
        var x = Functional.Input([3]);
        var y = new Dense(2, name: "twin").Apply(new Dense(3, name: "twin").Apply(x));

        var e = Assert.Throws<ArgumentException>(() => new Functional(x, y));

        Assert.Contains("'twin' is used by 2 layers", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InputNotFromInput_Throws()
    {
        var x = Functional.Input([3]);
        var h = new Dense(2, name: "hidden").Apply(x);

        var e = Assert.Throws<ArgumentException>(() => new Functional(h, new Dense(1).Apply(h)));

        Assert.Contains("'hidden'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Functional.Input", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_WrongInputShape_NamesModelInputAndShapes()
    {
        var x = Functional.Input([6], name: "pixels");
        var model = new Functional(x, new Dense(2).Apply(x), name: "m");

        var e = Assert.Throws<ArgumentException>(() => model.Apply(Tensor.Ones([4, 5])));

        Assert.Contains("Model 'm': input 'pixels' expects shape (None, 6), but received (4, 5)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplySymbolic_IncompatibleShape_NamesLayer()
    {
        var x = Functional.Input([6]);
        var dense = new Dense(2, name: "narrow");
        dense.Apply(Functional.Input([4]));

        var e = Assert.Throws<ArgumentException>(() => dense.Apply(x));

        Assert.Contains("narrow", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_FunctionalModel_HasConnectedToColumn()
    {
        var a = Functional.Input([4], name: "a");
        var b = Functional.Input([4], name: "b");
        var shared = new Dense(3, name: "shared");
        var sum = new Add(name: "sum").Apply([shared.Apply(a), shared.Apply(b)]);
        var model = new Functional([a, b], [sum], name: "siamese");
        var output = new StringWriter();

        model.Summary(output);

        string expected = string.Join(Environment.NewLine,
        [
            "Model: \"siamese\"",
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┓",
            "┃ Layer (type)                ┃ Output Shape         ┃    Param # ┃ Connected to              ┃",
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━┩",
            "│ a (InputLayer)              │ (None, 4)            │          0 │ -                         │",
            "├─────────────────────────────┼──────────────────────┼────────────┼───────────────────────────┤",
            "│ b (InputLayer)              │ (None, 4)            │          0 │ -                         │",
            "├─────────────────────────────┼──────────────────────┼────────────┼───────────────────────────┤",
            "│ shared (Dense)              │ (None, 3)            │         15 │ a[0][0],                  │",
            "│                             │                      │            │ b[0][0]                   │",
            "├─────────────────────────────┼──────────────────────┼────────────┼───────────────────────────┤",
            "│ sum (Add)                   │ (None, 3)            │          0 │ shared[0][0],             │",
            "│                             │                      │            │ shared[1][0]              │",
            "└─────────────────────────────┴──────────────────────┴────────────┴───────────────────────────┘",
            " Total params: 15 (60.00 B)",
            " Trainable params: 15 (60.00 B)",
            " Non-trainable params: 0 (0.00 B)",
            "",
        ]);
        Assert.Equal(expected, output.ToString());
    }

    [Fact]
    public void ConvolutionalAndPooling_EqualSequentialWithSameWeights()
    {
        var x = Functional.Input([8, 8, 2]);
        var h = new Conv2D(3, [3, 3], padding: "same", activation: "relu").Apply(x);
        h = new MaxPooling2D().Apply(h);
        var y = new Dense(2).Apply(new Flatten().Apply(h));
        var model = new Functional(x, y);
        var sequential = new Sequential(new InputLayer([8, 8, 2]), new Conv2D(3, [3, 3], padding: "same", activation: "relu"), new MaxPooling2D(), new Flatten(), new Dense(2));
        sequential.SetWeights(model.GetWeights());
        var data = Tensor.RandomNormal([3, 8, 8, 2], seed: 7);

        Assert.Equal(new Shape(-1, 4, 4, 3), h.Shape);
        TensorAssert.BitEqual(sequential.Apply(data), model.Apply(data));
    }

    [Fact]
    public void EmbeddingMaskReachesRecurrentLayer_AsInSequential()
    {
        var tokens = Functional.Input([5]);
        var embedded = new Embedding(10, 4, maskZero: true).Apply(tokens);
        var y = new Dense(1).Apply(new LSTM(3).Apply(new Dropout(0.2).Apply(embedded)));
        var model = new Functional(tokens, y);
        var sequential = new Sequential(new Embedding(10, 4, maskZero: true, inputShape: [5]), new Dropout(0.2), new LSTM(3), new Dense(1));
        sequential.SetWeights(model.GetWeights());
        var data = Tensor.Constant(new[] { 1, 2, 3, 0, 0, 4, 5, 0, 0, 0 }, [2, 5]);

        Assert.Equal(new Shape(-1, 5, 4), embedded.Shape);
        TensorAssert.BitEqual(sequential.Apply(data), model.Apply(data));
    }

    [Fact]
    public void Float64Graph_StaysFloat64()
    {
        var x = Functional.Input([6], dtype: DType.Float64);
        var model = new Functional(x, new Dense(2, dtype: DType.Float64).Apply(x));

        var y = model.Apply(Ops.Cast(s_x, DType.Float64));

        Assert.Equal(DType.Float64, model.DType);
        Assert.Equal(DType.Float64, y.DType);
    }

    [Fact]
    public void GetConfig_KerasThreeKeys()
    {
        var x = Functional.Input([6], name: "x");
        var model = new Functional(x, new Dense(2, name: "out").Apply(x), name: "cfg");

        var config = model.GetConfig();

        Assert.Equal(["name", "trainable", "layers", "input_layers", "output_layers"], config.Keys);
        var layers = ((List<object?>)config["layers"]!).Cast<Dictionary<string, object?>>().ToList();
        Assert.Equal(["InputLayer", "Dense"], layers.Select(l => l["class_name"]));
        Assert.Equal("out", layers[1]["name"]);
        Assert.Single((List<object?>)layers[1]["inbound_nodes"]!);
    }

    [Fact]
    public void UnknownSequenceLength_StaysUnknownThroughConvolutionAndPooling()
    {
        var x = Functional.Input([-1, 8]);
        var conv = new Conv1D(4, [3]).Apply(x);
        var pooled = new MaxPooling1D().Apply(conv);
        var model = new Functional(x, new Dense(2).Apply(new GlobalMaxPooling1D().Apply(pooled)));

        Assert.Equal(new Shape(-1, -1, 4), conv.Shape);
        Assert.Equal(new Shape(-1, -1, 4), pooled.Shape);
        Assert.Equal(new Shape(-1, 2), model.Outputs[0].Shape);
        Assert.Equal(new Shape(3, 2), model.Apply(Tensor.RandomNormal([3, 10, 8], seed: 1)).Shape);
        Assert.Equal(new Shape(1, 2), model.Apply(Tensor.RandomNormal([1, 13, 8], seed: 2)).Shape);
        var loaded = Trellis.Tests.Saving.SavingTestSupport.RoundTrip(model);
        var data = Tensor.RandomNormal([2, 7, 8], seed: 3);
        TensorAssert.BitEqual(model.Apply(data), loaded.Apply(data));
    }
}
