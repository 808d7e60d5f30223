using BenchmarkDotNet.Attributes;

namespace Trellis.Benchmarks;

/// <summary>
/// The peer table's convolution block as a kernel benchmark: a 3×3 "same" convolution, batch 32, 28×28, 32 → 32
/// channels (NHWC), forward alone and forward + backward (gradients for the input and the kernel), two threads.
/// </summary>
public class ConvBenchmarks
{
    private Tensor _x = null!, _kernel = null!;

    [GlobalSetup]
    public void Setup()
    {
        Threading.MaxThreads = 2;
        _x = Tensor.RandomUniform([32, 28, 28, 32], -1, 1, seed: 5);
        _kernel = Tensor.RandomUniform([3, 3, 32, 32], -0.1f, 0.1f, seed: 6);
    }

    /// <summary>The convolution's output.</summary>
    [Benchmark]
    public Tensor Forward() => Ops.Conv2D(_x, _kernel, padding: "same");

    /// <summary>The convolution, the sum of its output as the loss, and both gradients.</summary>
    [Benchmark]
    public Tensor[] ForwardBackward()
    {
        using var tape = new GradientTape();
        tape.Watch(_x, _kernel);
        var loss = Ops.Sum(Ops.Conv2D(_x, _kernel, padding: "same"));
        return tape.Gradient(loss, [_x, _kernel]);
    }
}
