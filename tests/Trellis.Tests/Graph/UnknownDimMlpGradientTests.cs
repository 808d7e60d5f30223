using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Graph;

/// <summary>
/// A small MLP's loss and gradients computed inside one trace with an unknown batch dimension equal the eager ones for
/// every batch size (issue #6: gradient rules must not bake the trace-time shape into attributes).
/// </summary>
public class UnknownDimMlpGradientTests
{
    private sealed class Mlp
    {
        public Variable W1 { get; } = new(Tensor.RandomNormal([4, 8], stddev: 0.5, seed: 1));
        public Variable B1 { get; } = new(Tensor.RandomNormal([8], stddev: 0.1, seed: 2));
        public Variable W2 { get; } = new(Tensor.RandomNormal([8, 3], stddev: 0.5, seed: 3));
        public Variable B2 { get; } = new(Tensor.RandomNormal([3], stddev: 0.1, seed: 4));

        /// <summary>The loss and its gradients for W1, b1, W2, b2.</summary>
        public Tensor[] LossAndGradients(Tensor x, Tensor labels, string loss)
        {
            using var tape = new GradientTape();
            Tensor h = Ops.Relu(Ops.MatMul(x, W1) + B1);
            Tensor logits = Ops.MatMul(h, W2) + B2;
            Tensor value = loss == "softmax-cross-entropy"
                ? Ops.Mean(Ops.SoftmaxCrossEntropyWithLogits(labels, logits))
                : Ops.Mean(Ops.Square(logits - labels));
            return [value, .. tape.Gradient(value, [W1, B1, W2, B2])];
        }
    }

    [Theory]
    [InlineData("softmax-cross-entropy")]
    [InlineData("mean-squared-error")]
    public void Mlp_LossAndGradients_UnknownBatch_OneTraceEqualsEager(string loss)
    {
        var mlp = new Mlp();
        TensorSpec[] signature = [new([Shape.Unknown, 4], DType.Float32), new([Shape.Unknown, 3], DType.Float32)];
        var raw = Function.Trace(a => mlp.LossAndGradients(a[0], a[1], loss), signature, options: GraphOptions.None);
        var optimized = Function.Trace(a => mlp.LossAndGradients(a[0], a[1], loss), signature);
        string[] names = ["loss", "dW1", "db1", "dW2", "db2"];
        foreach (int batch in new[] { 1, 7, 32 })
        {
            var x = Tensor.RandomNormal([batch, 4], seed: 10 + batch);
            var labels = loss == "softmax-cross-entropy"
                ? Ops.OneHot(Tensor.Constant(Enumerable.Range(0, batch).Select(i => (i * 7 + 1) % 3).ToArray()), 3)
                : Tensor.RandomNormal([batch, 3], seed: 50 + batch);
            Tensor[] eager = mlp.LossAndGradients(x, labels, loss);
            Tensor[] traced = raw.InvokeAll(x, labels);
            Tensor[] passes = optimized.InvokeAll(x, labels);
            for (int k = 0; k < eager.Length; k++)
            {
                TensorAssert.Close(eager[k], traced[k], rtol: 1e-6, atol: 1e-7, context: $"{loss}, batch {batch}: {names[k]} (no passes)");
                TensorAssert.Close(eager[k], passes[k], rtol: 1e-5, atol: 1e-6, context: $"{loss}, batch {batch}: {names[k]} (all passes)");
            }
            Assert.True(eager[1].ToArray<float>().Any(v => v != 0), $"{loss}, batch {batch}: dW1 is all zeros; the check would be vacuous");
        }
        Assert.Equal(1, raw.TraceCount);
        Assert.Equal(1, optimized.TraceCount);
    }
}
