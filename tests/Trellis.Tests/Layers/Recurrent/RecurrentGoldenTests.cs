using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers.Recurrent;

/// <summary>
/// SimpleRNN, LSTM and GRU against PyTorch (tools/reference/recurrent.py, float64): outputs, final states and the
/// gradients of a weighted sum of them with respect to the input, the initial states and the weights. The script
/// draws the weights in Keras layout and converts them to PyTorch's (its docstring states the conversion).
/// </summary>
public class RecurrentGoldenTests
{
    // Both sides compute in float64; the differences are summation order, ~1e-15. 1e-9 leaves room and still
    // catches any wrong gate order, bias row or reset placement (those move values by ~1e-1).
    private const double Tolerance = 1e-9;

    private static readonly GoldenFile s_golden = GoldenFile.Load("recurrent_golden.json");

    public static TheoryData<string> Cases => ["lstm", "lstm_initial_backwards", "gru", "gru_initial", "simple_rnn"];

    private static RNN Create(string name) => name switch
    {
        "lstm" => new LSTM(5, returnSequences: true, dtype: DType.Float64),
        "lstm_initial_backwards" => new LSTM(5, returnSequences: true, goBackwards: true, dtype: DType.Float64),
        "gru" or "gru_initial" => new GRU(5, returnSequences: true, dtype: DType.Float64),
        _ => new SimpleRNN(5, returnSequences: true, dtype: DType.Float64),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardAndGradients_MatchPyTorch(string name)
    {
        RNN layer = Create(name);
        Tensor x = s_golden.Get(name, "x");
        layer.Apply(x);
        IReadOnlyList<Variable> weights = layer.TrainableVariables;   // kernel, recurrent_kernel, bias
        Assert.Equal(["kernel", "recurrent_kernel", "bias"], weights.Select(w => w.Name.Split('/')[^1]));
        weights[0].Assign(s_golden.Get(name, "kernel"));
        weights[1].Assign(s_golden.Get(name, "recurrent_kernel"));
        weights[2].Assign(s_golden.Get(name, "bias"));

        int stateCount = layer.Cell.StateSizes.Count;
        Tensor[]? initial = s_golden.Has(name, "initial0") ? [.. Enumerable.Range(0, stateCount).Select(i => s_golden.Get(name, $"initial{i}"))] : null;
        Tensor[] watched = [x, .. initial ?? []];
        RecurrentOutput result;
        Tensor?[] grads;
        using (var tape = new GradientTape())
        {
            tape.Watch(watched);
            result = layer.ApplyWithStates(x, initial);
            Tensor loss = Ops.Sum(result.Output * s_golden.Get(name, "r_seq"));
            for (int i = 0; i < stateCount; i++)
            {
                loss += Ops.Sum(result.States[i] * s_golden.Get(name, $"r_state{i}"));
            }
            grads = tape.Gradient(loss, [.. watched, .. weights], UnconnectedGradients.Zero);
        }

        Close("y", result.Output);
        for (int i = 0; i < stateCount; i++)
        {
            Close($"state{i}", result.States[i]);
        }
        Close("d_x", grads[0]!);
        for (int i = 0; initial is not null && i < stateCount; i++)
        {
            Close($"d_initial{i}", grads[1 + i]!);
        }
        int w0 = watched.Length;
        Close("d_kernel", grads[w0]!);
        Close("d_recurrent_kernel", grads[w0 + 1]!);
        Close("d_bias", grads[w0 + 2]!);

        void Close(string key, Tensor actual) =>
            TensorAssert.Close(s_golden.Get(name, key), actual, rtol: Tolerance, atol: Tolerance, context: $"{name} {key}");
    }
}
