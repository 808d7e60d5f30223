using Trellis.Checkpoints;
using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers;

/// <summary>
/// The checks of <see cref="LayerContractTests"/> (build, shapes, weight counts, Keras 3 base config, one training
/// step lowers a loss, bit-exact checkpoint round trip into an unbuilt layer) for the convolution, pooling and
/// resizing layers.
/// </summary>
public sealed class ConvLayerContractTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "trellis-conv-contract-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string> Layers() =>
    [
        "conv1d", "conv1d_causal", "conv2d", "conv2d_channels_first", "conv2d_groups", "conv2d_transpose", "depthwise_conv2d",
        "separable_conv2d", "max_pooling1d", "max_pooling2d", "average_pooling1d", "average_pooling2d", "global_max_pooling1d",
        "global_average_pooling2d", "up_sampling2d", "zero_padding2d", "cropping2d",
    ];

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Layer_PassesContract(string kind)
    {
        var (layer, input, outputShape, weights) = Make(kind);

        var output = layer.Apply(input);
        Assert.True(layer.Built);
        Assert.Equal(outputShape, output.Shape);
        Assert.Equal(DType.Float32, output.DType);
        Assert.Equal(weights, layer.Variables.Count);
        Assert.Equal(weights, layer.TrainableVariables.Count);
        Assert.Empty(layer.NonTrainableVariables);
        Assert.Equal(outputShape.ToArray()[1..], layer.ComputeOutputShape([-1, .. input.Shape.ToArray()[1..]]).ToArray()[1..]);

        var config = layer.GetConfig();
        Assert.Equal(layer.Name, config["name"]);
        Assert.Equal(true, config["trainable"]);
        Assert.Equal("float32", config["dtype"]);

        if (weights > 0)
        {
            var target = Tensor.RandomNormal(output.Shape, seed: 9);
            var loss = new Trellis.Losses.MeanSquaredError();
            double before = loss.Compute(target, layer.Apply(input, training: true)).Item<float>();
            using (var tape = new GradientTape())
            {
                var vars = layer.TrainableVariables;
                var grads = tape.Gradient(loss.Compute(target, layer.Apply(input, training: true)), [.. vars]);
                new Trellis.Optimizers.SGD(learningRate: 0.01).ApplyGradients(grads.Zip(vars, (g, v) => ((Tensor?)g, v)));
            }
            Assert.True(loss.Compute(target, layer.Apply(input, training: true)).Item<float>() < before);
        }

        string path = new Checkpoint(("layer", layer)).Save(Path.Combine(_dir, kind));
        var (fresh, _, _, _) = Make(kind);
        new Checkpoint(("layer", fresh)).Restore(path);
        var again = fresh.Apply(input);
        for (int i = 0; i < weights; i++)
        {
            Assert.Equal(layer.Variables[i].Name.Split('/')[^1], fresh.Variables[i].Name.Split('/')[^1]);
            TensorAssert.BitEqual(layer.Variables[i], fresh.Variables[i]);
        }
        TensorAssert.BitEqual(layer.Apply(input), again);
    }

    private static (Layer Layer, Tensor Input, Shape Output, int Weights) Make(string kind)
    {
        Tensor seq = Tensor.RandomNormal([2, 7, 3], seed: 1);
        Tensor img = Tensor.RandomNormal([2, 6, 5, 4], seed: 1);
        return kind switch
        {
            "conv1d" => (new Conv1D(4, [3], [2], "same"), seq, new Shape(2, 4, 4), 2),
            "conv1d_causal" => (new Conv1D(2, [3], padding: "causal", dilationRate: [2], activation: "relu"), seq, new Shape(2, 7, 2), 2),
            "conv2d" => (new Conv2D(3, [3, 2]), img, new Shape(2, 4, 4, 3), 2),
            "conv2d_channels_first" => (new Conv2D(3, [3], padding: "same", dataFormat: "channels_first"), img, new Shape(2, 3, 5, 4), 2),
            "conv2d_groups" => (new Conv2D(6, [3], groups: 2, useBias: false), img, new Shape(2, 4, 3, 6), 1),
            "conv2d_transpose" => (new Conv2DTranspose(2, [3], [2], "same"), img, new Shape(2, 12, 10, 2), 2),
            "depthwise_conv2d" => (new DepthwiseConv2D([3], depthMultiplier: 2), img, new Shape(2, 4, 3, 8), 2),
            "separable_conv2d" => (new SeparableConv2D(5, [3], padding: "same"), img, new Shape(2, 6, 5, 5), 3),
            "max_pooling1d" => (new MaxPooling1D(2), seq, new Shape(2, 3, 3), 0),
            "max_pooling2d" => (new MaxPooling2D([2, 2], padding: "same"), img, new Shape(2, 3, 3, 4), 0),
            "average_pooling1d" => (new AveragePooling1D(3, 2), seq, new Shape(2, 3, 3), 0),
            "average_pooling2d" => (new AveragePooling2D([3, 3], [1, 1]), img, new Shape(2, 4, 3, 4), 0),
            "global_max_pooling1d" => (new GlobalMaxPooling1D(), seq, new Shape(2, 3), 0),
            "global_average_pooling2d" => (new GlobalAveragePooling2D(), img, new Shape(2, 4), 0),
            "up_sampling2d" => (new UpSampling2D(), img, new Shape(2, 12, 10, 4), 0),
            "zero_padding2d" => (new ZeroPadding2D([1, 2]), img, new Shape(2, 8, 9, 4), 0),
            "cropping2d" => (new Cropping2D([1, 2]), img, new Shape(2, 4, 1, 4), 0),
            _ => throw new ArgumentException(kind),
        };
    }
}
