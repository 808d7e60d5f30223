using Trellis.Checkpoints;
using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers.Recurrent;

/// <summary>
/// The layer contract of ../LayerContractTests.cs (build, shapes, weight counts, config base keys, a training step
/// lowers a loss, bit-exact checkpoint round trip into an unbuilt layer) for the recurrent and attention layers.
/// </summary>
public sealed class RecurrentContractTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "trellis-rnn-contract-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string> Layers() =>
    [
        "simple_rnn", "lstm", "lstm_sequences", "gru", "gru_reset_before", "bidirectional_concat", "bidirectional_sum",
        "time_distributed", "attention", "attention_concat", "additive_attention", "multi_head_attention",
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

        Tensor output = layer.Apply(input);
        Assert.True(layer.Built);
        Assert.Equal(outputShape, output.Shape);
        Assert.Equal(DType.Float32, output.DType);
        Assert.Equal(weights, layer.Variables.Count);
        Assert.Equal(weights, layer.TrainableVariables.Count);
        Assert.Equal(outputShape.ToArray()[1..], layer.ComputeOutputShape([-1, .. input.Shape.ToArray()[1..]]).ToArray()[1..]);

        var config = layer.GetConfig();
        Assert.Equal(layer.Name, config["name"]);
        Assert.Equal(true, config["trainable"]);
        Assert.Equal("float32", config["dtype"]);

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

        string path = new Checkpoint(("layer", layer)).Save(Path.Combine(_dir, kind));
        var (fresh, _, _, _) = Make(kind);
        new Checkpoint(("layer", fresh)).Restore(path);
        Tensor again = fresh.Apply(input);
        for (int i = 0; i < weights; i++)
        {
            TensorAssert.BitEqual(layer.Variables[i], fresh.Variables[i]);
        }
        TensorAssert.BitEqual(layer.Apply(input), again);
    }

    private static (Layer Layer, Tensor Input, Shape Output, int Weights) Make(string kind)
    {
        var x = Tensor.RandomNormal([3, 4, 5], seed: 1);      // (batch, time, features)
        return kind switch
        {
            "simple_rnn" => (new SimpleRNN(6), x, new Shape(3, 6), 3),
            "lstm" => (new LSTM(6), x, new Shape(3, 6), 3),
            "lstm_sequences" => (new LSTM(6, returnSequences: true, goBackwards: true), x, new Shape(3, 4, 6), 3),
            "gru" => (new GRU(6), x, new Shape(3, 6), 3),
            "gru_reset_before" => (new GRU(6, resetAfter: false, returnSequences: true), x, new Shape(3, 4, 6), 3),
            "bidirectional_concat" => (new Bidirectional(new LSTM(6, returnSequences: true)), x, new Shape(3, 4, 12), 6),
            "bidirectional_sum" => (new Bidirectional(new GRU(6), mergeMode: "sum"), x, new Shape(3, 6), 6),
            "time_distributed" => (new TimeDistributed(new Dense(2)), x, new Shape(3, 4, 2), 2),
            "attention" => (new Trellis.Layers.Attention(useScale: true), x, new Shape(3, 4, 5), 1),
            "attention_concat" => (new Trellis.Layers.Attention(useScale: true, scoreMode: "concat"), x, new Shape(3, 4, 5), 2),
            "additive_attention" => (new AdditiveAttention(), x, new Shape(3, 4, 5), 1),
            "multi_head_attention" => (new MultiHeadAttention(numHeads: 2, keyDim: 3), x, new Shape(3, 4, 5), 8),
            _ => throw new ArgumentException(kind),
        };
    }
}
