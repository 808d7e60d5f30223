using BenchmarkDotNet.Attributes;

namespace Trellis.Benchmarks;

/// <summary>Softmax over the last axis of 1M float32 values, as 1024 rows of 1024 and as 100k rows of 10 (a classifier's logits).</summary>
public class SoftmaxBenchmarks
{
    private Tensor _wide = null!, _narrow = null!;

    [GlobalSetup]
    public void Setup()
    {
        _wide = Tensor.RandomNormal([1024, 1024], seed: 1);
        _narrow = Tensor.RandomNormal([104_858, 10], seed: 2);
    }

    [Benchmark]
    public Tensor Softmax1024x1024() => Ops.Softmax(_wide);

    [Benchmark]
    public Tensor Softmax104858x10() => Ops.Softmax(_narrow);
}
