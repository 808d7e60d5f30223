using Trellis.Checkpoints;
using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers.Recurrent;

/// <summary>
/// The layer contract of ../LayerContractTests.cs (build, shapes, weight counts, config base keys, a training step
/// lowers a loss, bit-exact checkpoint round trip into an unbuilt layer) for the recurrent and attention layers.
/// </summary>
public sealed class RecurrentContractTests
{

    public static TheoryData<string> Layers() =>
    [
        "simple_rnn", "lstm", "lstm_sequences", "gru", "gru_reset_before", "bidirectional_concat", "bidirectional_sum",
        "time_distributed", "attention", "attention_concat", "additive_attention", "multi_head_attention",
    ];


    [Theory]
    [MemberData(nameof(Layers))]
    public void Layer_PassesContract(string kind) => LayerAssert.SatisfiesContract(() => Make(kind));

    private static LayerCase Make(string kind)
    {
        var x = Tensor.RandomNormal([3, 4, 5], seed: 1);      // (batch, time, features)
        return kind switch
        {
            "simple_rnn" => new LayerCase(new SimpleRNN(6), x, new Shape(3, 6), 3, 3),
            "lstm" => new LayerCase(new LSTM(6), x, new Shape(3, 6), 3, 3),
            "lstm_sequences" => new LayerCase(new LSTM(6, returnSequences: true, goBackwards: true), x, new Shape(3, 4, 6), 3, 3),
            "gru" => new LayerCase(new GRU(6), x, new Shape(3, 6), 3, 3),
            "gru_reset_before" => new LayerCase(new GRU(6, resetAfter: false, returnSequences: true), x, new Shape(3, 4, 6), 3, 3),
            "bidirectional_concat" => new LayerCase(new Bidirectional(new LSTM(6, returnSequences: true)), x, new Shape(3, 4, 12), 6, 6),
            "bidirectional_sum" => new LayerCase(new Bidirectional(new GRU(6), mergeMode: "sum"), x, new Shape(3, 6), 6, 6),
            "time_distributed" => new LayerCase(new TimeDistributed(new Dense(2)), x, new Shape(3, 4, 2), 2, 2),
            "attention" => new LayerCase(new Trellis.Layers.Attention(useScale: true), x, new Shape(3, 4, 5), 1, 1),
            "attention_concat" => new LayerCase(new Trellis.Layers.Attention(useScale: true, scoreMode: "concat"), x, new Shape(3, 4, 5), 2, 2),
            "additive_attention" => new LayerCase(new AdditiveAttention(), x, new Shape(3, 4, 5), 1, 1),
            "multi_head_attention" => new LayerCase(new MultiHeadAttention(numHeads: 2, keyDim: 3), x, new Shape(3, 4, 5), 8, 8),
            _ => throw new ArgumentException(kind),
        };
    }
}
