using Trellis.Layers;
using Trellis.Tests.Layers.Recurrent;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers.Attention;

/// <summary>
/// MultiHeadAttention against PyTorch's nn.MultiheadAttention (tools/reference/attention.py, float64): output, per-head
/// attention weights, and the gradients of Σ output ⊙ r with respect to query, value, key and all eight weights, with
/// no mask, a causal mask and a random attention mask. The script documents the Keras → PyTorch weight conversion.
/// </summary>
public class MultiHeadAttentionGoldenTests
{
    // float64 on both sides; 1e-9 is far above summation-order noise and far below any layout or scaling error.
    private const double Tolerance = 1e-9;

    private static readonly GoldenFile s_golden = GoldenFile.Load("attention_golden.json");

    private static readonly string[] s_weightKeys =
        ["query_kernel", "query_bias", "key_kernel", "key_bias", "value_kernel", "value_bias", "output_kernel", "output_bias"];

    public static TheoryData<string> Cases => ["mha", "mha_causal", "mha_attention_mask"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardAndGradients_MatchPyTorch(string name)
    {
        var mha = new MultiHeadAttention(numHeads: 2, keyDim: 3, dtype: DType.Float64);
        Tensor query = s_golden.Get(name, "query"), value = s_golden.Get(name, "value"), key = s_golden.Get(name, "key");
        mha.Apply(query, value, key);
        IReadOnlyList<Variable> weights = mha.TrainableVariables;
        Assert.Equal(
            ["query/kernel", "query/bias", "key/kernel", "key/bias", "value/kernel", "value/bias", "attention_output/kernel", "attention_output/bias"],
            weights.Select(w => w.Name));
        for (int i = 0; i < weights.Count; i++)
        {
            weights[i].Assign(s_golden.Get(name, s_weightKeys[i]));
        }
        Tensor? attentionMask = name == "mha_attention_mask" ? Ops.NotEqual(s_golden.Get(name, "mask"), Tensor.Scalar(0, DType.Float64)) : null;
        bool causal = name == "mha_causal";

        AttentionResult result;
        Tensor?[] grads;
        using (var tape = new GradientTape())
        {
            tape.Watch(query, value, key);
            result = mha.ApplyWithScores(query, value, key, attentionMask: attentionMask, useCausalMask: causal);
            Tensor loss = Ops.Sum(result.Output * s_golden.Get(name, "r"));
            grads = tape.Gradient(loss, [query, value, key, .. weights], UnconnectedGradients.Zero);
        }

        Close("output", result.Output);
        Close("scores", result.Scores);
        Close("d_query", grads[0]!);
        Close("d_value", grads[1]!);
        Close("d_key", grads[2]!);
        for (int i = 0; i < s_weightKeys.Length; i++)
        {
            Close("d_" + s_weightKeys[i], grads[3 + i]!);
        }

        void Close(string k, Tensor actual) =>
            TensorAssert.Close(s_golden.Get(name, k), actual, rtol: Tolerance, atol: Tolerance, context: $"{name} {k}");
    }
}
