using Trellis.Operations;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Autodiff;

/// <summary>The tape asks gradient rules only for the inputs whose gradients it will use (GradientContext.Needs).</summary>
public class GradientTapeNeededInputsTests
{
    [Fact]
    public void Gradient_DenseLayerOnAnUntrackedBatch_RunsOneMatMulNotTwo()
    {
        var x = Tensor.RandomUniform([8, 5], -1, 1, seed: 1);
        var w = new Variable(Tensor.RandomUniform([5, 3], -1, 1, seed: 2), name: "w");
        using var tape = new GradientTape();
        Tensor loss = Ops.Sum(Ops.MatMul(x, w));

        var (dw, counter) = GradientCountingOps(tape, loss, w);

        Assert.Equal(1, counter.Count("MatMul")); // dW = xᵀ·dy only; dx = dy·Wᵀ would be a second
        // d(sum(x·W))/dW[k, n] = sum over rows of x[:, k].
        float[] xs = x.ToArray<float>(), expected = new float[15];
        for (int r = 0; r < 8; r++)
        {
            for (int k = 0; k < 5; k++)
            {
                for (int n = 0; n < 3; n++)
                {
                    expected[k * 3 + n] += xs[r * 5 + k];
                }
            }
        }
        TensorAssert.Close(Ops.Reshape(Tensor.Constant(expected), [5, 3]), dw, rtol: 1e-5, atol: 1e-6);
    }

    [Fact]
    public void Gradient_WatchedBatch_StillGetsItsGradient()
    {
        var x = Tensor.RandomUniform([4, 5], -1, 1, seed: 3);
        var w = new Variable(Tensor.RandomUniform([5, 3], -1, 1, seed: 4), name: "w");
        using var tape = new GradientTape();
        tape.Watch(x);
        Tensor loss = Ops.Sum(Ops.MatMul(x, w));
        Tensor[] grads = tape.Gradient(loss, [x, w]);
        // d(sum(x·W))/dx[r, k] = sum over n of W[k, n].
        float[] ws = w.Value().ToArray<float>();
        float[] expected = Enumerable.Range(0, 20).Select(i => ws[(i % 5) * 3] + ws[(i % 5) * 3 + 1] + ws[(i % 5) * 3 + 2]).ToArray();
        TensorAssert.Close(Ops.Reshape(Tensor.Constant(expected), [4, 5]), grads[0], rtol: 1e-5, atol: 1e-6);
        Assert.Equal(new Shape(5, 3), grads[1].Shape);
    }

    [Fact]
    public void Gradient_SoftmaxCrossEntropy_SkipsTheUntrackedTargets()
    {
        var logits = new Variable(Tensor.Constant(new float[,] { { 1, 2, 0.5f }, { -1, 0, 3 } }), name: "logits");
        var targets = Tensor.Constant(new float[,] { { 0, 1, 0 }, { 0.2f, 0.3f, 0.5f } });
        using var tape = new GradientTape();
        Tensor loss = Ops.Sum(Ops.SoftmaxCrossEntropyWithLogits(targets, logits));

        var (dLogits, counter) = GradientCountingOps(tape, loss, logits);

        Assert.Equal(0, counter.Count(SoftmaxCrossEntropyTargetsGradOp.Instance.Name));
        Assert.Equal(1, counter.Count(SoftmaxCrossEntropyGradOp.Instance.Name));
        // dL/dlogits = softmax(logits)·sum(targets) - targets, row by row.
        float[] l = logits.Value().ToArray<float>(), t = targets.ToArray<float>(), got = dLogits.ToArray<float>();
        for (int r = 0; r < 2; r++)
        {
            double z = Enumerable.Range(0, 3).Sum(j => Math.Exp(l[r * 3 + j]));
            double total = Enumerable.Range(0, 3).Sum(j => t[r * 3 + j]);
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(Math.Exp(l[r * 3 + j]) / z * total - t[r * 3 + j], got[r * 3 + j], 5);
            }
        }
    }

    [Fact]
    public void Gradient_Conv2DOnAnUntrackedInput_SkipsTheInputGradient()
    {
        var x = Tensor.RandomUniform([2, 5, 5, 3], -1, 1, seed: 5);
        var kernel = new Variable(Tensor.RandomUniform([3, 3, 3, 4], -1, 1, seed: 6), name: "kernel");
        using var tape = new GradientTape();
        Tensor loss = Ops.Sum(Ops.Conv2D(x, kernel, padding: "same"));

        var (dk, counter) = GradientCountingOps(tape, loss, kernel);

        Assert.Equal(0, counter.Count(name => name.Contains("BackpropInput", StringComparison.Ordinal)));
        Assert.Equal(1, counter.Count(name => name.Contains("BackpropFilter", StringComparison.Ordinal)));
        Assert.Equal(new Shape(3, 3, 3, 4), dk.Shape);
    }

    /// <summary>tape.Gradient(loss, source) with every op run meanwhile counted by name.</summary>
    private static (Tensor Gradient, OpCounter Counter) GradientCountingOps(GradientTape tape, Tensor loss, Tensor source)
    {
        var counter = new OpCounter();
        OpDispatcher.AddObserver(counter);
        try
        {
            return (tape.Gradient(loss, [source])[0], counter);
        }
        finally
        {
            OpDispatcher.RemoveObserver(counter);
        }
    }

    private sealed class OpCounter : IOpObserver
    {
        private readonly List<string> _names = [];

        public void Record(Op op, ReadOnlySpan<Tensor> inputs, Tensor output) => _names.Add(op.Name);

        public int Count(string name) => _names.Count(n => n == name);

        public int Count(Func<string, bool> match) => _names.Count(match);
    }
}
