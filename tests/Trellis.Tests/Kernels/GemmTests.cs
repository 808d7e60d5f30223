using Trellis.Tests.TestSupport;
using Trellis.Kernels.Gemm;
using Trellis.Kernels.Reference;

namespace Trellis.Tests.Kernels;

[Collection(ThreadCountGroup.Name)]
public class GemmTests
{
    // Every blocking edge: below/at/above MR (4, 6, 12) and NR (8, 16, 32), primes, and sizes just past the panels.
    private static readonly (int M, int N, int K)[] EdgeShapes =
    [
        (1, 1, 1), (1, 33, 7), (13, 1, 5), (2, 3, 1), (11, 31, 17), (12, 32, 16), (13, 33, 19), (23, 47, 29),
        (5, 17, 257), (7, 9, 513), (193, 35, 11), (25, 2049, 3), (61, 67, 71), (70, 65, 64), (37, 5, 300),
        (3, 70, 50), (2, 100, 100), // the unpacked small-problem path (long rows of B, or long dot products)
        (1, 300, 200), (300, 1, 200), (130, 1, 70), // matrix-vector products, also unpacked
        (37, 50, 1024), (29, 140, 1000), // rows of a plain A (nearly) 4 KB apart: staged before the transpose
        (13, 131, 1025), // deeper than KC: two k blocks, the second accumulating into C (packed A and B)
        (37, 50, 1100), (130, 20, 1030), // the same reading A and B in place (N ≤ 128, M ≤ 96), then A only
        (1030, 9, 20), // a transposed A 1030 wide: whole 12-row panels copied row by row, a 10-row edge panel
    ];

    [Theory]
    [InlineData("Auto")]
    [InlineData("Avx512")]
    [InlineData("Avx2")]
    [InlineData("Vector128")]
    public void Sgemm_EdgeAndRandomShapesAllTransposes_MatchesReference(string kernel)
    {
        var kind = Enum.Parse<GemmKernelKind>(kernel);
        if (!Gemm.IsSupported(kind))
        {
            return; // this CPU cannot run the kernel; other machines cover it.
        }
        var rng = new Random(7);
        var shapes = new List<(int, int, int)>(EdgeShapes);
        for (int i = 0; i < 25; i++)
        {
            shapes.Add((rng.Next(1, 71), rng.Next(1, 71), rng.Next(1, 71)));
        }
        foreach (var (m, n, k) in shapes)
        {
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                {
                    CheckFloat(kind, ta, tb, m, n, k, rng);
                }
            }
        }
    }

    [Theory]
    [InlineData("Auto")]
    [InlineData("Avx512")]
    [InlineData("Avx2")]
    [InlineData("Vector128")]
    public void Dgemm_EdgeShapesAllTransposes_MatchesReference(string kernel)
    {
        var kind = Enum.Parse<GemmKernelKind>(kernel);
        if (!Gemm.IsSupported(kind))
        {
            return;
        }
        var rng = new Random(11);
        foreach (var (m, n, k) in EdgeShapes)
        {
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                {
                    // Leading dimensions 3 past the minimum: the kernels must honour strides, not assume packed rows.
                    int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 3, ldc = n + 3;
                    double[] a = RandomArray((ta ? k : m) * lda, rng), b = RandomArray((tb ? n : k) * ldb, rng);
                    var fast = new double[m * ldc];
                    var expected = new double[m * ldc];
                    Gemm.Dgemm(ta, tb, m, n, k, a, lda, b, ldb, fast, ldc, kind);
                    ReferenceGemm.Dgemm(ta, tb, m, n, k, a, lda, b, ldb, expected, ldc);
                    double[] scale = AbsProductSums(ta, tb, m, n, k, a, lda, b, ldb, ldc);
                    for (int i = 0; i < fast.Length; i++)
                    {
                        Assert.True(Math.Abs(fast[i] - expected[i]) <= 1e-13 * scale[i],
                            $"{kind} tA={ta} tB={tb} {m}x{n}x{k}: C[{i / ldc},{i % ldc}] = {fast[i]:R}, reference {expected[i]:R}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(300, 257, 129)]
    [InlineData(97, 64, 1000)] // split by columns on 1 and 2 threads, by rows on 3
    public void Sgemm_OneTwoAndThreeThreads_BitIdentical(int m, int n, int k)
    {
        var rng = new Random(3);
        float[] a = RandomArray(m * k, rng).Select(v => (float)v).ToArray();
        float[] b = RandomArray(k * n, rng).Select(v => (float)v).ToArray();
        int saved = Threading.MaxThreads;
        try
        {
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                {
                    float[]? first = null;
                    for (int threads = 1; threads <= 3; threads++)
                    {
                        var c = new float[m * n];
                        Threading.MaxThreads = threads;
                        Gemm.Sgemm(ta, tb, m, n, k, a, ta ? m : k, b, tb ? k : n, c, n);
                        first ??= c;
                        Assert.True(first.AsSpan().SequenceEqual(c), $"tA={ta} tB={tb}: {threads} threads differ from 1");
                    }
                    Assert.Contains(first!, v => v != 0);
                }
            }
        }
        finally
        {
            Threading.MaxThreads = saved;
        }
    }

    [Theory]
    [InlineData(2, 3, 3000)]  // small, unpacked path
    [InlineData(40, 50, 300)] // packed path
    public void Sgemm_OperandsAtDifferentAddresses_BitIdentical(int m, int n, int k)
    {
        // Rounding must depend on the values only, never on how the GC happened to align the arrays.
        var rng = new Random(5);
        float[] a = RandomArray(m * k, rng).Select(v => (float)v).ToArray();
        float[] b = RandomArray(n * k, rng).Select(v => (float)v).ToArray();
        float[]? first = null;
        for (int shift = 0; shift < 16; shift += 3)
        {
            var sa = new float[a.Length + shift];
            var sb = new float[b.Length + shift];
            a.CopyTo(sa, shift);
            b.CopyTo(sb, shift);
            var c = new float[m * n];
            Gemm.Sgemm(false, true, m, n, k, sa.AsSpan(shift), k, sb.AsSpan(shift), k, c, n);
            first ??= c;
            Assert.True(first.AsSpan().SequenceEqual(c), $"shift {shift} changed the result");
        }
    }

    [Fact]
    public void Sgemm_OtherMcAndNcBlocking_BitIdentical()
    {
        // MC and NC only regroup tiles; each element's k-order is unchanged, so the bits must be too.
        const int m = 100, n = 150, k = 600;
        var rng = new Random(9);
        float[] a = RandomArray(m * k, rng).Select(v => (float)v).ToArray();
        float[] b = RandomArray(k * n, rng).Select(v => (float)v).ToArray();
        var expected = new float[m * n];
        var actual = new float[m * n];
        Gemm.Sgemm(false, false, m, n, k, a, k, b, n, expected, n);
        int mc = GemmTuning.MC, nc = GemmTuning.NC;
        try
        {
            GemmTuning.MC = 24;
            GemmTuning.NC = 64;
            Gemm.Sgemm(false, false, m, n, k, a, k, b, n, actual, n);
        }
        finally
        {
            (GemmTuning.MC, GemmTuning.NC) = (mc, nc);
        }
        Assert.True(expected.AsSpan().SequenceEqual(actual));
    }

    [Fact]
    public void Sgemm_ZeroDepth_WritesZeros()
    {
        var c = new float[] { 5, 5, 5, 5, 5, 5 };
        Gemm.Sgemm(false, false, 2, 3, 0, [], 1, [], 3, c, 3, GemmKernelKind.Vector128);
        Assert.All(c, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Sgemm_KnownProduct_GivesHandComputedValues()
    {
        // (2, 3) · (3, 2)
        float[] a = [1, 2, 3, 4, 5, 6];
        float[] b = [7, 8, 9, 10, 11, 12];
        var c = new float[4];
        Gemm.Sgemm(false, false, 2, 2, 3, a, 3, b, 2, c, 2);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, c);
    }

    [Fact]
    public void Sgemm_BufferTooShort_ThrowsNamingTheOperand()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 4, 4, 4, new float[15], 4, new float[16], 4, new float[16], 4));
        Assert.Contains("A is (4, 4)", ex.Message, StringComparison.Ordinal);
    }

    private static void CheckFloat(GemmKernelKind kind, bool ta, bool tb, int m, int n, int k, Random rng)
    {
        int lda = ta ? m : k, ldb = tb ? k : n;
        float[] a = RandomArray((ta ? k : m) * lda, rng).Select(v => (float)v).ToArray();
        float[] b = RandomArray((tb ? n : k) * ldb, rng).Select(v => (float)v).ToArray();
        var fast = new float[m * n];
        var expected = new float[m * n];
        Gemm.Sgemm(ta, tb, m, n, k, a, lda, b, ldb, fast, n, kind);
        ReferenceGemm.Sgemm(ta, tb, m, n, k, a, lda, b, ldb, expected, n);
        double[] scale = AbsProductSums(ta, tb, m, n, k, a.Select(v => (double)v).ToArray(), lda, b.Select(v => (double)v).ToArray(), ldb, n);
        for (int i = 0; i < fast.Length; i++)
        {
            // Relative to Σ|a||b|: the two sums differ only in rounding order, bounded by ~K·eps of that scale.
            Assert.True(Math.Abs(fast[i] - expected[i]) <= 1e-5 * scale[i],
                $"{kind} tA={ta} tB={tb} {m}x{n}x{k}: C[{i / n},{i % n}] = {fast[i]:R}, reference {expected[i]:R}");
        }
    }

    /// <summary>Σₖ |op(A)[i,k]|·|op(B)[k,j]| per element of C (row stride ldc): the natural scale of rounding errors.</summary>
    private static double[] AbsProductSums(bool ta, bool tb, int m, int n, int k, double[] a, int lda, double[] b, int ldb, int ldc)
    {
        double[] absA = a.Select(Math.Abs).ToArray(), absB = b.Select(Math.Abs).ToArray();
        var s = new double[m * ldc];
        ReferenceGemm.Dgemm(ta, tb, m, n, k, absA, lda, absB, ldb, s, ldc);
        return s;
    }

    private static double[] RandomArray(int length, Random rng)
    {
        var x = new double[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = rng.NextDouble() * 2 - 1;
        }
        return x;
    }
}
