using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers;

public class LayerTests
{
    [Fact]
    public void Story2_CustomLayer_AppliesAndTracksWeights()
    {
        var layer = new MyCustomLayer(units: 64);
        Tensor output = layer.Apply(Tensor.RandomNormal([10, 10]));

        Assert.Equal(new Shape(10, 64), output.Shape);
        Assert.Equal(2, layer.TrainableVariables.Count);
        Assert.Equal([new Shape(10, 64), new Shape(64)], layer.TrainableVariables.Select(v => v.Shape));
        Assert.Equal(["w", "b"], layer.ExplicitChildren.Select(c => c.Key));
    }

    [Fact]
    public void AddWeight_AfterBuild_ThrowsInvalidOperation()
    {
        var layer = new LateWeightLayer();
        layer.Apply(Tensor.Ones([2, 3]));

        var ex = Assert.Throws<InvalidOperationException>(() => layer.AddLate());
        Assert.Contains(layer.Name, ex.Message, StringComparison.Ordinal);
        Assert.Contains("locked", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddWeight_InBuild_UsesInputShape()
    {
        var layer = new LateWeightLayer();
        layer.Apply(Tensor.Ones([2, 3]));

        Assert.Equal(new Shape(3, 4), layer.Variables.Single().Shape);
    }

    [Fact]
    public void DefaultNames_SameClass_AreUniqueWithCounter()
    {
        var a = new Dense(1);
        var b = new Dense(1);

        Assert.StartsWith("dense", a.Name, StringComparison.Ordinal);
        Assert.NotEqual(a.Name, b.Name);
        Assert.Matches("^dense(_[0-9]+)?$", b.Name);
    }

    [Theory]
    [InlineData("BatchNormalization", "batch_normalization")]
    [InlineData("MyCustomLayer", "my_custom_layer")]
    [InlineData("Dense", "dense")]
    [InlineData("LSTMCell", "lstm_cell")]
    [InlineData("Conv2D", "conv2d")]
    public void SnakeCase_ClassNames_MatchKeras(string typeName, string expected)
        => Assert.Equal(expected, LayerNames.SnakeCase(typeName));

    [Fact]
    public void NestedLayers_InFieldsListsAndDictionaries_AreDiscovered()
    {
        var outer = new OuterLayer();
        outer.Apply(Tensor.Ones([2, 3]));

        // own weight first, then the field, the list items and the dictionary values, each once.
        Assert.Equal(1 + 2 + 4 + 2, outer.Variables.Count);
        Assert.Equal("outer_scale", outer.Variables[0].Name.Split('/')[1]);
    }

    [Fact]
    public void Trainable_False_MovesWeightsOfSubLayersToNonTrainable()
    {
        var outer = new OuterLayer();
        outer.Apply(Tensor.Ones([2, 3]));
        outer.Inner.Trainable = false;

        Assert.Equal(outer.Variables.Count - 2, outer.TrainableVariables.Count);
        Assert.Equal(2, outer.NonTrainableVariables.Count);
    }

    [Fact]
    public void Apply_WrongLastAxis_MessageNamesLayerAndShapes()
    {
        var dense = new Dense(4);
        dense.Apply(Tensor.Ones([2, 784]));

        var ex = Assert.Throws<ArgumentException>(() => dense.Apply(Tensor.Ones([32, 28, 28])));
        Assert.Equal($"Layer '{dense.Name}' expected input with last axis 784, but received shape (32, 28, 28). Add a Flatten layer or change inputShape.", ex.Message);
    }

    [Fact]
    public void RegularizationLosses_L2_EqualsFactorTimesSumOfSquares()
    {
        var dense = new Dense(2, kernelRegularizer: new Trellis.Regularizers.L2(0.5), kernelInitializer: "ones");
        dense.Apply(Tensor.Ones([1, 3]));

        Assert.Equal(0.5 * 6, dense.RegularizationLosses().Single().Item<float>(), 6);
    }

    private sealed class LateWeightLayer : Layer
    {
        private Variable? _k;

        public void AddLate() => AddWeight("late", [1]);

        protected override void Build(Shape inputShape) => _k = AddWeight("k", [inputShape[^1], 4]);

        protected override Tensor Call(Tensor inputs) => Ops.MatMul(inputs, _k!);
    }

    private sealed class OuterLayer : Layer
    {
        private readonly Dense _inner = new(2, useBias: true);
        private readonly List<Dense> _list = [new(2), new(2)];
        private readonly Dictionary<string, Dense> _dict = new() { ["a"] = new(2) };
        private readonly Variable _scale;

        public OuterLayer() => _scale = AddWeight("outer_scale", [1], "ones");

        public Dense Inner => _inner;

        protected override Tensor Call(Tensor inputs)
        {
            var h = _inner.Apply(inputs) * _scale;
            foreach (var d in _list)
            {
                h = d.Apply(h);
            }
            return _dict["a"].Apply(h);
        }
    }
}
