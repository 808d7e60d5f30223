using Trellis.Checkpoints;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Tests.Saving;

namespace Trellis.Tests.TestSupport;

/// <summary>What one kind of layer must do, built fresh by <see cref="Make"/> for each check.</summary>
/// <param name="Layer">An unbuilt layer.</param>
/// <param name="Input">A batch it accepts.</param>
/// <param name="Output">The output shape for that batch.</param>
/// <param name="Weights">How many variables it creates.</param>
/// <param name="Trainable">How many of those are trainable.</param>
internal sealed record LayerCase(Layer Layer, Tensor Input, Shape Output, int Weights, int Trainable);

/// <summary>
/// Keras's <c>run_layer_test</c> idea, one implementation for every layer family: builds from an input shape, output
/// shape and dtype, weight counts, Keras 3 config keys, one training step lowers a loss, a checkpoint round trip into a
/// fresh unbuilt layer is bit-exact, and a config round trip through a model archive gives the same config and output.
/// </summary>
internal static class LayerAssert
{
    public static void SatisfiesContract(Func<LayerCase> make)
    {
        var (layer, input, outputShape, weights, trainable) = make();

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

        // One training step lowers a loss (for layers with trainable weights).
        if (trainable > 0)
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
        using (var dir = new ScratchDir())
        {
            string path = new Checkpoint(("layer", layer)).Save(dir["ckpt"]);
            var fresh = make().Layer;
            new Checkpoint(("layer", fresh)).Restore(path);
            var again = fresh.Apply(input);
            for (int i = 0; i < weights; i++)
            {
                Assert.Equal(layer.Variables[i].Name.Split('/')[^1], fresh.Variables[i].Name.Split('/')[^1]);
                TensorAssert.BitEqual(layer.Variables[i], fresh.Variables[i]);
            }
            TensorAssert.BitEqual(layer.Apply(input), again);
        }

        // Config round trip through a model archive: the loaded layer has the same config and gives the same output.
        var wrapped = new Sequential(layer);
        Tensor expected = wrapped.Predict(input);
        var loaded = SavingTestSupport.RoundTrip(wrapped);
        Assert.Equal(SavingTestSupport.ConfigJsonOf(wrapped), SavingTestSupport.ConfigJsonOf(loaded));
        TensorAssert.BitEqual(expected, loaded.Predict(input));
    }
}
