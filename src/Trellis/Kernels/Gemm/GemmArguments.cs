using Trellis.Internal;

namespace Trellis.Kernels.Gemm;

/// <summary>Checks the sizes and leading dimensions of a GEMM call against its buffers, so the unsafe kernels never read out of bounds.</summary>
internal static class GemmArguments
{
    public static void Validate(bool transA, bool transB, int m, int n, int k, int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            ThrowHelper.Argument($"GEMM: sizes must be >= 0, but received M={m}, N={n}, K={k}.");
        }
        // A is (M, K) or, transposed, (K, M); B is (K, N) or (N, K).
        CheckMatrix("A", transA ? k : m, transA ? m : k, aLength, lda);
        CheckMatrix("B", transB ? n : k, transB ? k : n, bLength, ldb);
        CheckMatrix("C", m, n, cLength, ldc);
    }

    private static void CheckMatrix(string name, int rows, int cols, int length, int ld)
    {
        if (ld < Math.Max(1, cols))
        {
            ThrowHelper.Argument($"GEMM: the leading dimension of {name} is {ld}, but its rows hold {cols} elements; expected ld >= {Math.Max(1, cols)}.");
        }
        long needed = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < needed)
        {
            ThrowHelper.Argument($"GEMM: {name} is ({rows}, {cols}) with leading dimension {ld}, so it needs {needed} elements, but its buffer has {length}.");
        }
    }
}
