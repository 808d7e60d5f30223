using BenchmarkDotNet.Attributes;
using Trellis.Optimizers;

namespace Trellis.Benchmarks;

/// <summary>
/// The fused kernels the trainer uses, each next to the op-by-op form it replaces (issue 7): the Adam update of a
/// 784×128 kernel, softmax + cross-entropy forward and backward on a batch of 1024 logits of 10 classes, and a dense
/// layer's relu(x·W + b) at batch 1024 traced (one FusedDense node, bias and relu applied inside the GEMM) and eager
/// (three ops). Two threads.
/// </summary>
public class FusedKernelBenchmarks
{
    private Variable _weights = null!;
    private Tensor _gradient = null!;
    private Adam _adam = null!;
    private Tensor _logits = null!, _labels = null!;
    private Tensor _x = null!, _w = null!, _b = null!;
    private TracedFunction _dense = null!;

    [GlobalSetup]
    public void Setup()
    {
        Threading.MaxThreads = 2;
        _weights = new Variable(Tensor.RandomUniform([784, 128], -0.1f, 0.1f, seed: 1), name: "kernel");
        _gradient = Tensor.RandomUniform([784, 128], -1, 1, seed: 2);
        _adam = new Adam();
        _adam.ApplyGradients([(_gradient, _weights)]); // slots created outside the measurement
        _logits = Tensor.RandomNormal([1024, 10], seed: 3);
        _labels = Ops.OneHot(Tensor.Constant(Enumerable.Range(0, 1024).Select(i => i % 10).ToArray(), [1024]), 10);
        _x = Tensor.RandomUniform([1024, 784], seed: 4);
        _w = Tensor.RandomUniform([784, 128], -0.1f, 0.1f, seed: 5);
        _b = Tensor.RandomUniform([128], -0.1f, 0.1f, seed: 6);
        _dense = Function.Trace((x, w, b) => Ops.Relu(Ops.Add(Ops.MatMul(x, w), b)));
        _dense.Invoke(_x, _w, _b);
    }

    /// <summary>One fused Adam step (moments, bias correction and update in one pass over the variable).</summary>
    [Benchmark]
    public void AdamStep() => _adam.ApplyGradients([(_gradient, _weights)]);

    /// <summary>Mean softmax cross-entropy of 1024×10 logits and its gradient through the fused op.</summary>
    [Benchmark]
    public Tensor SoftmaxCrossEntropyForwardBackward()
    {
        using var tape = new GradientTape();
        tape.Watch(_logits);
        var loss = Ops.Mean(Ops.SoftmaxCrossEntropyWithLogits(_labels, _logits));
        return tape.Gradient(loss, _logits)!;
    }

    /// <summary>The same loss as separate softmax, log, multiply and sum ops.</summary>
    [Benchmark]
    public Tensor SoftmaxCrossEntropyUnfused()
    {
        using var tape = new GradientTape();
        tape.Watch(_logits);
        var loss = Ops.Mean(Ops.Negate(Ops.Sum(Ops.Multiply(_labels, Ops.Log(Ops.Softmax(_logits))), axis: -1)));
        return tape.Gradient(loss, _logits)!;
    }

    /// <summary>relu(x·W + b) at batch 1024 as one traced FusedDense node.</summary>
    [Benchmark]
    public Tensor DenseTraced() => _dense.Invoke(_x, _w, _b);

    /// <summary>The same as three eager ops.</summary>
    [Benchmark]
    public Tensor DenseEager() => Ops.Relu(Ops.Add(Ops.MatMul(_x, _w), _b));
}
