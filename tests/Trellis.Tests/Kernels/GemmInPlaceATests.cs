using Trellis.Kernels.Gemm;

namespace Trellis.Tests.Kernels;

public class GemmInPlaceATests // and B in place, for short A
{
    [Theory]
    [InlineData(1024, 128, 784)] // the dense layer's inference product
    [InlineData(13, 33, 19)] // one full row tile and a 1-row edge, a 1-column edge panel
    [InlineData(205, 100, 600)] // several MC blocks, three k blocks (accumulation into C), edge tiles both ways
    [InlineData(11, 128, 1)]
    [InlineData(40, 100, 600)] // B read in place too (M <= 96), three k blocks, a 4-column edge panel packed
    [InlineData(32, 128, 784)] // the dense layer at batch 32: A and B both in place
    public void Sgemm_PlainAReadInPlace_BitIdenticalToPackedTransposedA(int m, int n, int k)
    {
        if (!Gemm.IsSupported(GemmKernelKind.Avx512))
        {
            return; // the in-place path belongs to the AVX-512 kernel
        }
        var rng = new Random(m + n + k);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var at = new float[k * m]; // Aᵀ stored (K, M): the transposed path always packs A
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++)
            {
                at[p * m + i] = a[i * k + p];
            }
        }
        var inPlace = new float[m * n];
        var packed = new float[m * n];
        Gemm.Sgemm(false, false, m, n, k, a, k, b, n, inPlace, n, GemmKernelKind.Avx512);
        Gemm.Sgemm(true, false, m, n, k, at, m, b, n, packed, n, GemmKernelKind.Avx512);
        Assert.True(inPlace.AsSpan().SequenceEqual(packed), $"{m}x{n}x{k}: in-place A differs from packed A");
        Assert.Contains(inPlace, v => v != 0);
    }
}
