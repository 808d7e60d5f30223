using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers.Recurrent;

/// <summary>
/// Tape gradients of the recurrent layers against central finite differences in float64, with respect to the input
/// (TestSupport's GradientAssert) and to every weight (LayerGradients), through masks, reversal and wrappers.
/// </summary>
public class RecurrentGradientTests
{
    public static TheoryData<string> Layers =>
    [
        "simple_rnn", "lstm", "lstm_backwards_sequences", "gru", "gru_reset_before", "lstm_masked", "bidirectional", "time_distributed",
    ];

    private static readonly Tensor s_mask = Tensor.Constant(new[] { true, true, false, true, false, false }, [2, 3]);

    private static (Layer Layer, Func<Tensor, Tensor> Run) Make(string kind)
    {
        const DType F64 = DType.Float64;
        switch (kind)
        {
            case "simple_rnn":
                var s = new SimpleRNN(3, dtype: F64);
                return (s, x => s.Apply(x));
            case "lstm":
                var l = new LSTM(3, dtype: F64);
                return (l, x => l.Apply(x));
            case "lstm_backwards_sequences":
                var lb = new LSTM(3, returnSequences: true, goBackwards: true, dtype: F64);
                return (lb, x => lb.Apply(x));
            case "gru":
                var g = new GRU(3, dtype: F64);
                return (g, x => g.Apply(x));
            case "gru_reset_before":
                var gb = new GRU(3, resetAfter: false, returnSequences: true, dtype: F64);
                return (gb, x => gb.Apply(x));
            case "lstm_masked":
                var lm = new LSTM(3, returnSequences: true, dtype: F64);
                return (lm, x => lm.Apply(x, s_mask));
            case "bidirectional":
                var bi = new Bidirectional(new GRU(2, returnSequences: true, dtype: F64));
                return (bi, x => bi.Apply(x));
            default:
                var td = new TimeDistributed(new Dense(2, activation: "tanh", dtype: F64));
                return (td, x => td.Apply(x));
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Gradients_MatchFiniteDifferences(string kind)
    {
        var (layer, run) = Make(kind);
        Tensor x = Tensor.RandomNormal([2, 3, 2], seed: 5, dtype: DType.Float64);
        run(x);
        // Random weights everywhere (zero biases would hide bias-gradient mistakes).
        int seed = 10;
        foreach (Variable w in layer.Variables)
        {
            w.Assign(Tensor.RandomNormal(w.Shape, stddev: 0.7, seed: seed++, dtype: DType.Float64));
        }

        GradientAssert.MatchesFiniteDifferences(xs => run(xs[0]), [x], tolerance: 1e-6, name: kind);
        LayerGradients.CheckWeights(() => run(x), layer.TrainableVariables, tolerance: 1e-6, name: kind);
    }

    [Fact]
    public void InitialStates_GradientsMatchFiniteDifferences()
    {
        var lstm = new LSTM(2, dtype: DType.Float64);
        Tensor x = Tensor.RandomNormal([2, 3, 2], seed: 5, dtype: DType.Float64);
        Tensor h0 = Tensor.RandomNormal([2, 2], seed: 6, dtype: DType.Float64);
        Tensor c0 = Tensor.RandomNormal([2, 2], seed: 7, dtype: DType.Float64);

        GradientAssert.MatchesFiniteDifferences(xs => lstm.ApplyWithStates(xs[0], [xs[1], xs[2]]).States[1], [x, h0, c0], tolerance: 1e-6, name: "lstm states");
    }
}
