using System.Numerics;
using Trellis.Kernels.Reference;

namespace Trellis.Kernels.Gemm;

/// <summary>
/// Fast GEMM entry points: C[M,N] = op(A)·op(B), row-major with leading dimensions (same contract as
/// <see cref="ReferenceGemm"/>). Tiny problems and matrix-vector products run unpacked; the rest run the packed,
/// threaded driver. <see cref="GemmKernelKind"/> other than Auto forces the packed driver with that kernel (for tests).
/// </summary>
internal static unsafe class Gemm
{
    /// <summary>float32 GEMM.</summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, GemmKernelKind kind = GemmKernelKind.Auto) =>
        Sgemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, default, kind);

    /// <summary>float32 GEMM followed by <paramref name="epilogue"/> (bias, activation) on every element of C.</summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, GemmEpilogue epilogue, GemmKernelKind kind = GemmKernelKind.Auto)
    {
        GemmArguments.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (kind == GemmKernelKind.Auto && TryUnpacked(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc))
            {
                epilogue.Apply(pc, ldc, m, 0, n);
                return;
            }
            if (kind == GemmKernelKind.Auto && SgemmNarrow.Accepts(m, n, k))
            {
                SgemmNarrow.Run(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc);
                epilogue.Apply(pc, ldc, m, 0, n);
                return;
            }
            switch (Resolve<SgemmKernelAvx512, SgemmKernelAvx2, SgemmKernelVector128, float>(kind))
            {
                case GemmKernelKind.Avx512: GemmDriver<float, SgemmKernelAvx512>.Run(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, epilogue); break;
                case GemmKernelKind.Avx2: GemmDriver<float, SgemmKernelAvx2>.Run(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, epilogue); break;
                default: GemmDriver<float, SgemmKernelVector128>.Run(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, epilogue); break;
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
            if (kind == GemmKernelKind.Auto && TryUnpacked(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc))
            {
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
    /// Runs the unpacked path where it beats packing: tiny problems, and matrix-vector products (M = 1, or N = 1 with
    /// a contiguous column of C), whose runs (rows of B, or dot products) are long enough to vectorize well.
    /// </summary>
    /// <remarks>
    /// PERF (one core, CPU time): 32³ took 11.6 µs unpacked and 0.8 µs packed, 4×784×10 1.6 µs unpacked and 2.4 µs
    /// packed; 1024×1×1024 took 615 µs packed (31 of 32 columns of every tile wasted) before it was sent here.
    /// The choice depends on the shapes alone, so results stay independent of the thread count.
    /// </remarks>
    private static bool TryUnpacked<T>(bool transA, bool transB, int m, int n, int k, T* a, int lda, T* b, int ldb, T* c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0 || k == 0)
        {
            return false;
        }
        int minRun = GemmTuning.SmallMinRun;
        if ((m == 1 || (long)m * n * k <= GemmTuning.SmallWork) && (transB ? k : n) >= minRun)
        {
            GemmSmall.Run(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
            return true;
        }
        if (n == 1 && ldc == 1 && (transA ? m : k) >= minRun)
        {
            // C(M, 1) read as a row: Cᵀ(1, M) = op(B)ᵀ(1, K) · op(A)ᵀ(K, M), each operand's transpose flag flipped.
            GemmSmall.Run(!transB, !transA, 1, m, k, b, ldb, a, lda, c, m);
            return true;
        }
        return false;
    }

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
