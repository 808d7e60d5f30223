using System.Numerics;
using Trellis.Kernels.Gemm;

namespace Trellis.Kernels.Reference;

/// <summary>
/// The GEMM oracle: a plain triple loop computing C = op(A)·op(B) in row-major storage. Fast kernels are tested
/// against it, and the ops' reference mode (KernelMode.UseReference) runs it in place of the packed kernel.
/// </summary>
/// <remarks>
/// Layouts (row-major, leading dimension = distance between rows in elements):
/// A is (M, K) with lda ≥ K, or (K, M) with lda ≥ M when <c>transA</c>;
/// B is (K, N) with ldb ≥ N, or (N, K) with ldb ≥ K when <c>transB</c>;
/// C is (M, N) with ldc ≥ N and is overwritten. Each element is summed over k = 0..K-1 in order, without FMA.
/// </remarks>
internal static class ReferenceGemm
{
    /// <summary>C[M,N] = op(A)·op(B) for float32.</summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc) =>
        Gemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);

    /// <summary>C[M,N] = op(A)·op(B) for float64.</summary>
    public static void Dgemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, Span<double> c, int ldc) =>
        Gemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);

    /// <summary>C[M,N] = op(A)·op(B) for any number type.</summary>
    public static void Gemm<T>(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc)
        where T : unmanaged, INumber<T>
    {
        GemmArguments.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T x = transA ? a[p * lda + i] : a[i * lda + p]; // op(A)[i, p]
                    T y = transB ? b[j * ldb + p] : b[p * ldb + j]; // op(B)[p, j]
                    sum += x * y;
                }
                c[i * ldc + j] = sum;
            }
        }
    }
}
