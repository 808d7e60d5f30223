using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers.Recurrent;

/// <summary>The unrolled loops are plain op sequences, so a traced function runs them too.</summary>
public class RecurrentTracingTests
{
    [Fact]
    public void Trace_LstmAndAttention_MatchEager()
    {
        var lstm = new LSTM(4, returnSequences: true);
        var mha = new MultiHeadAttention(2, 2);
        Tensor x = Tensor.RandomNormal([2, 5, 3], seed: 1);
        Tensor eager = mha.Apply(lstm.Apply(x), lstm.Apply(x), useCausalMask: true);

        var traced = Function.Trace((Tensor input) =>
        {
            Tensor h = lstm.Apply(input);
            return mha.Apply(h, h, useCausalMask: true);
        });
        Tensor result = traced.Invoke(x);

        TensorAssert.Close(eager, result, rtol: 1e-5, atol: 1e-6, context: "traced LSTM + MHA");
        Assert.Equal(1, traced.TraceCount);
    }
}
