using BenchmarkDotNet.Attributes;

namespace Trellis.Benchmarks;

/// <summary>Element-wise addition of two float32 tensors of 1M elements (memory bound: 12 MB moved per call).</summary>
public class ElementwiseBenchmarks
{
    private Tensor _x = null!, _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x = Tensor.RandomUniform([1 << 20], seed: 1);
        _y = Tensor.RandomUniform([1 << 20], seed: 2);
    }

    [Benchmark]
    public Tensor Add() => Ops.Add(_x, _y);
}
