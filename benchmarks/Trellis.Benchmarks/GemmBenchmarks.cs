using BenchmarkDotNet.Attributes;
using Trellis.Kernels.Gemm;

namespace Trellis.Benchmarks;

/// <summary>
/// float32 matrix products: the 1024³ square problem and a dense layer's forward pass (batch 128, 784 inputs, 128
/// units). <c>MatMul</c> goes through <see cref="Ops.MatMul"/> (allocates the output); <c>Sgemm</c> is the kernel alone
/// into a preallocated buffer.
/// </summary>
[Config(typeof(Config))]
public class GemmBenchmarks
{
    private Tensor _a = null!, _b = null!;
    private float[] _aData = null!, _bData = null!, _c = null!;

    public static IEnumerable<GemmShape> Shapes() => [new(1024, 1024, 1024), new(128, 128, 784)];

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Threading.MaxThreads = Threads;
        _a = Tensor.RandomUniform([Shape.M, Shape.K], -1, 1, seed: 1);
        _b = Tensor.RandomUniform([Shape.K, Shape.N], -1, 1, seed: 2);
        _aData = _a.ToArray<float>();
        _bData = _b.ToArray<float>();
        _c = new float[Shape.M * Shape.N];
    }

    [Benchmark]
    public Tensor MatMul() => Ops.MatMul(_a, _b);

    [Benchmark]
    public float Sgemm()
    {
        Gemm.Sgemm(false, false, Shape.M, Shape.N, Shape.K, _aData, Shape.K, _bData, Shape.N, _c, Shape.N);
        return _c[0];
    }

    private sealed class Config : BenchmarkDotNet.Configs.ManualConfig
    {
        public Config() => AddColumn(new GflopsColumn());
    }
}
