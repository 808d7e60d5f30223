using Trellis.Checkpoints;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers;

/// <summary>Keras's <c>run_layer_test</c> idea: every layer passes the same checks.</summary>
public sealed class LayerContractTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "trellis-contract-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string> Layers() =>
    [
        "dense", "dense_tanh_nobias", "flatten", "activation", "dropout", "reshape", "batch_normalization",
        "layer_normalization", "embedding", "permute", "repeat_vector",
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
        var (layer, input, outputShape, weights, trainable) = Make(kind);

        // Builds from the input shape; output shape and dtype; weight counts.
        var output = layer.Apply(input);
        Assert.True(layer.Built);
        Assert.Equal(outputShape, output.Shape);
        Assert.Equal(DType.Float32, output.DType);
        Assert.Equal(weights, layer.Variables.Count);
        Assert.Equal(trainable, layer.TrainableVariables.Count);
        Assert.Equal(weights - trainable, layer.NonTrainableVariables.Count);
        Assert.Equal(outputShape.ToArray()[1..], layer.ComputeOutputShape([-1, .. input.Shape.ToArray()[1..]]).ToArray()[1..]);

        // Config: Keras 3 base keys.
        var config = layer.GetConfig();
        Assert.Equal(layer.Name, config["name"]);
        Assert.Equal(true, config["trainable"]);
        Assert.Equal("float32", config["dtype"]);

        // One training step lowers a loss (for layers with weights).
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

        // Checkpoint round trip, bit-exact, into a fresh unbuilt layer (deferred restoration).
        string path = new Checkpoint(("layer", layer)).Save(Path.Combine(_dir, kind));
        var (fresh, _, _, _, _) = Make(kind);
        new Checkpoint(("layer", fresh)).Restore(path);
        var again = fresh.Apply(input);
        for (int i = 0; i < weights; i++)
        {
            TensorAssert.BitEqual(layer.Variables[i], fresh.Variables[i]);
        }
        TensorAssert.BitEqual(layer.Apply(input), again);
    }

    private static (Layer Layer, Tensor Input, Shape Output, int Weights, int Trainable) Make(string kind)
    {
        var x = Tensor.RandomNormal([4, 6], seed: 1);
        return kind switch
        {
            "dense" => (new Dense(3), x, new Shape(4, 3), 2, 2),
            "dense_tanh_nobias" => (new Dense(5, activation: "tanh", useBias: false), x, new Shape(4, 5), 1, 1),
            "flatten" => (new Flatten(), Tensor.RandomNormal([4, 2, 3], seed: 1), new Shape(4, 6), 0, 0),
            "activation" => (new Activation("softmax"), x, new Shape(4, 6), 0, 0),
            "dropout" => (new Dropout(0.5, seed: 3), x, new Shape(4, 6), 0, 0),
            "reshape" => (new Reshape([3, -1]), x, new Shape(4, 3, 2), 0, 0),
            "batch_normalization" => (new BatchNormalization(), Tensor.RandomNormal([4, 3, 6], seed: 1), new Shape(4, 3, 6), 4, 2),
            "layer_normalization" => (new LayerNormalization(), x, new Shape(4, 6), 2, 2),
            "embedding" => (new Embedding(10, 3), Tensor.Constant(new[] { 1, 4, 9, 0, 4, 2 }, [2, 3]), new Shape(2, 3, 3), 1, 1),
            "permute" => (new Permute([2, 1]), Tensor.RandomNormal([4, 2, 3], seed: 1), new Shape(4, 3, 2), 0, 0),
            "repeat_vector" => (new RepeatVector(3), x, new Shape(4, 3, 6), 0, 0),
            _ => throw new ArgumentException(kind),
        };
    }
}
