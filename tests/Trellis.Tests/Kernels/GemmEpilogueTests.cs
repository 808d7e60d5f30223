using System.Numerics.Tensors;
using Trellis.Kernels.Gemm;
using Trellis.Operations;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Kernels;

/// <summary>The bias + activation epilogue the GEMM applies to finished blocks equals the same two steps run afterwards, bit for bit.</summary>
[Collection(ThreadCountGroup.Name)]
public class GemmEpilogueTests
{
    [Theory]
    [InlineData(1024, 128, 784, 2)] // the dense layer's inference product: A read in place, rows split
    [InlineData(1024, 128, 784, 1)]
    [InlineData(205, 100, 600, 2)] // several MC blocks, three k blocks: the epilogue must wait for the last one
    [InlineData(13, 33, 19, 1)] // edge tiles both ways
    [InlineData(300, 1100, 300, 2)] // a plain A packed, columns split between threads (bias offset by column)
    [InlineData(40, 100, 600, 2)] // B read in place too
    [InlineData(4, 70, 5, 1)] // the unpacked small-problem path
    [InlineData(64, 10, 100, 2)] // the narrow-output kernel
    [InlineData(50, 40, 0, 1)] // k = 0: C is zero, then bias and activation
    public void Sgemm_WithEpilogue_EqualsProductThenBiasThenRelu(int m, int n, int k, int threads)
    {
        var rng = new Random(m * 31 + n * 7 + k);
        float[] a = Random(rng, m * k), b = Random(rng, k * n), bias = Random(rng, n);
        var expected = new float[m * n];
        var fused = new float[m * n];
        var relu = new ReluOp();
        int saved = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = threads;
            Gemm.Sgemm(false, false, m, n, k, a, Math.Max(1, k), b, n, expected, n);
            for (int i = 0; i < m; i++)
            {
                Span<float> row = expected.AsSpan(i * n, n);
                TensorPrimitives.Add(row, bias, row);
                relu.ApplyInPlace(row);
            }
            unsafe
            {
                fixed (float* pBias = bias)
                {
                    Gemm.Sgemm(false, false, m, n, k, a, Math.Max(1, k), b, n, fused, n, new GemmEpilogue((nint)pBias, relu));
                }
            }
        }
        finally
        {
            Threading.MaxThreads = saved;
        }
        Assert.True(fused.AsSpan().SequenceEqual(expected), $"{m}x{n}x{k} on {threads} thread(s): the fused epilogue differs");
        Assert.Contains(expected, v => v == 0); // relu clipped something...
        Assert.Contains(expected, v => v > 0); // ...and kept something
    }

    [Fact]
    public void Sgemm_WithBiasOnly_AddsTheBiasToEveryRow()
    {
        float[] a = [1, 2, 3, 4], b = [1, 0, 0, 1], bias = [10, -10];
        var c = new float[4];
        unsafe
        {
            fixed (float* pBias = bias)
            {
                Gemm.Sgemm(false, false, 2, 2, 2, a, 2, b, 2, c, 2, new GemmEpilogue((nint)pBias, null));
            }
        }
        Assert.Equal([11f, -8f, 13f, -6f], c);
    }

    private static float[] Random(Random rng, int count) => [.. Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1))];
}
