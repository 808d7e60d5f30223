using Trellis.Kernels.Reference;

namespace Trellis.Kernels.Gemm;

/// <summary>
/// Fast GEMM entry points: C[M,N] = op(A)·op(B), row-major with leading dimensions (same contract as
/// <see cref="ReferenceGemm"/>). Tiny problems run unpacked; the rest run the packed, threaded driver.
/// </summary>
internal static unsafe class Gemm
{
    /// <summary>float32 GEMM.</summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, GemmKernelKind kind = GemmKernelKind.Auto)
    {
        GemmArguments.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (kind == GemmKernelKind.Auto && IsSmall(transB, m, n, k))
            {
                GemmSmall.Run(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc);
                return;
            }
            switch (Resolve<SgemmKernelAvx512, SgemmKernelAvx2, SgemmKernelVector128, float>(kind))
            {
                case GemmKernelKind.Avx512: GemmDriver<float, SgemmKernelAvx512>.Run(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc); break;
                case GemmKernelKind.Avx2: GemmDriver<float, SgemmKernelAvx2>.Run(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc); break;
                default: GemmDriver<float, SgemmKernelVector128>.Run(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc); break;
            }
        }
    }

    /// <summary>float64 GEMM.</summary>
    public static void Dgemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, Span<double> c, int ldc, GemmKernelKind kind = GemmKernelKind.Auto)
    {
        GemmArguments.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        fixed (double* pa = a, pb = b, pc = c)
        {
            if (kind == GemmKernelKind.Auto && IsSmall(transB, m, n, k))
            {
                GemmSmall.Run(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc);
                return;
            }
            switch (Resolve<DgemmKernelAvx512, DgemmKernelAvx2, DgemmKernelVector128, double>(kind))
            {
                case GemmKernelKind.Avx512: GemmDriver<double, DgemmKernelAvx512>.Run(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc); break;
                case GemmKernelKind.Avx2: GemmDriver<double, DgemmKernelAvx2>.Run(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc); break;
                default: GemmDriver<double, DgemmKernelVector128>.Run(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc); break;
            }
        }
    }

    /// <summary>True when <paramref name="kind"/> can run on this CPU (Vector128 always can, if slowly where it is emulated).</summary>
    public static bool IsSupported(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Avx512 => SgemmKernelAvx512.IsSupported,
        GemmKernelKind.Avx2 => SgemmKernelAvx2.IsSupported,
        _ => true,
    };

    /// <summary>
    /// True when the unpacked path beats packing: a tiny problem whose contiguous runs (rows of B, or for transB the
    /// rows of both operands) are long enough to vectorize well. PERF: with short runs the per-row calls cost more than
    /// packing (32³: 11.6 µs unpacked, 0.8 µs packed; 4×784×10: 1.6 µs unpacked, 2.4 µs packed; one core).
    /// </summary>
    private static bool IsSmall(bool transB, int m, int n, int k) =>
        (long)m * n * k <= GemmTuning.SmallWork && (transB ? k : n) >= GemmTuning.SmallMinRun;

    private static GemmKernelKind Resolve<T512, T256, T128, T>(GemmKernelKind kind)
        where T : unmanaged
        where T512 : IGemmMicroKernel<T>
        where T256 : IGemmMicroKernel<T>
        where T128 : IGemmMicroKernel<T>
    {
        if (kind == GemmKernelKind.Auto)
        {
            return T512.IsSupported ? GemmKernelKind.Avx512 : T256.IsSupported ? GemmKernelKind.Avx2 : GemmKernelKind.Vector128;
        }
        if (kind == GemmKernelKind.Avx512 && !T512.IsSupported || kind == GemmKernelKind.Avx2 && !T256.IsSupported)
        {
            throw new PlatformNotSupportedException($"GEMM kernel {kind} needs CPU instructions this machine lacks; use GemmKernelKind.Auto.");
        }
        return kind;
    }
}
