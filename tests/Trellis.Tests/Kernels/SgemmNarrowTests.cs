using Trellis.Tests.TestSupport;
using Trellis.Kernels.Gemm;
using Trellis.Kernels.Reference;

namespace Trellis.Tests.Kernels;

[Collection(ThreadCountGroup.Name)]
public class SgemmNarrowTests
{
    [Fact]
    public void Sgemm_NarrowOutputsAllTransposesAndLeadingDimensions_MatchReference()
    {
        var rng = new Random(5);
        int checkedShapes = 0;
        foreach (int m in new[] { 16, 17, 31, 32, 47, 100 })
        {
            foreach (int n in new[] { 1, 2, 9, 10, 15, 16 })
            {
                foreach (int k in new[] { 1, 3, 64, 300 })
                {
                    foreach (bool ta in new[] { false, true })
                    {
                        foreach (bool tb in new[] { false, true })
                        {
                            Check(ta, tb, m, n, k, pad: (m + n + k) % 3, rng);
                            checkedShapes++;
                        }
                    }
                }
            }
        }
        Assert.Equal(6 * 6 * 4 * 4, checkedShapes);
    }

    [Fact]
    public void Sgemm_NarrowOutput_OneAndTwoThreadsBitIdentical()
    {
        const int m = 4099, n = 10, k = 200; // enough rows for two threads, and a remainder of 3 rows
        var rng = new Random(9);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        int saved = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = 1;
            var one = new float[m * n];
            Gemm.Sgemm(false, false, m, n, k, a, k, b, n, one, n);
            Threading.MaxThreads = 2;
            var two = new float[m * n];
            Gemm.Sgemm(false, false, m, n, k, a, k, b, n, two, n);
            Assert.True(one.AsSpan().SequenceEqual(two));
            Assert.Contains(one, v => v != 0);
        }
        finally
        {
            Threading.MaxThreads = saved;
        }
    }

    [Fact]
    public void Sgemm_NarrowOutput_ValuesBesideBsRowsDoNotLeakIn()
    {
        // B (k, n) with ldb 13 and NaN in the 3 columns past n: the packing reads whole 16-float rows of B, so the
        // NaNs of this row and the next row's values sit in the lanes past n; none may reach C.
        const int m = 20, n = 10, k = 40, ldb = 13;
        var rng = new Random(11);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float[] b = Enumerable.Range(0, k * ldb).Select(i => i % ldb < n ? (float)(rng.NextDouble() * 2 - 1) : float.NaN).ToArray();
        Assert.True(SgemmNarrow.Accepts(m, n, k) || !System.Runtime.Intrinsics.X86.Avx512F.IsSupported);
        var fast = new float[m * n];
        var expected = new float[m * n];
        Gemm.Sgemm(false, false, m, n, k, a, k, b, ldb, fast, n);
        ReferenceGemm.Sgemm(false, false, m, n, k, a, k, b, ldb, expected, n);
        Assert.DoesNotContain(fast, float.IsNaN);
        for (int i = 0; i < fast.Length; i++)
        {
            Assert.Equal(expected[i], fast[i], 4);
        }
    }

    /// <summary>Runs the narrow kernel through <see cref="Gemm.Sgemm"/> with leading dimensions padded by <paramref name="pad"/>.</summary>
    private static void Check(bool ta, bool tb, int m, int n, int k, int pad, Random rng)
    {
        Assert.True(!SgemmNarrow.Accepts(m, n, k) || n <= 16); // the shapes here are the kernel's, on a CPU that has it
        int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
        float[] a = Enumerable.Range(0, (ta ? k : m) * lda).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float[] b = Enumerable.Range(0, (tb ? n : k) * ldb).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var fast = Enumerable.Repeat(123f, m * ldc).ToArray();
        var expected = Enumerable.Repeat(123f, m * ldc).ToArray();
        Gemm.Sgemm(ta, tb, m, n, k, a, lda, b, ldb, fast, ldc);
        ReferenceGemm.Sgemm(ta, tb, m, n, k, a, lda, b, ldb, expected, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                float e = expected[i * ldc + j], f = fast[i * ldc + j];
                // Inputs in [-1, 1]: the two sums differ only in rounding order, within about K·eps.
                Assert.True(Math.Abs(e - f) <= 4e-7 * k + 1e-6,
                    $"tA={ta} tB={tb} {m}x{n}x{k} pad {pad}: C[{i},{j}] expected {e}, got {f}");
            }
        }
    }
}
