using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace Trellis.Kernels.Gemm;

/// <summary>
/// GEMM for tiny problems, straight from the operands without packing: row updates C[i,:] += op(A)[i,p]·B[p,:]
/// when B's rows are contiguous, dot products when op(B)'s columns are (transB).
/// </summary>
internal static unsafe class GemmSmall
{
    public static void Run<T>(bool transA, bool transB, int m, int n, int k, T* a, int lda, T* b, int ldb, T* c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (transB)
        {
            // C[i, j] = dot(op(A)[i, :], B[j, :]); a transposed A's column is gathered once per row of C.
            T[]? column = transA ? ArrayPool<T>.Shared.Rent(k) : null;
            fixed (T* gathered = column)
            {
                DotRows(transA, m, n, k, a, lda, b, ldb, c, ldc, gathered);
            }
            if (column is not null)
            {
                ArrayPool<T>.Shared.Return(column);
            }
            return;
        }
        for (int i = 0; i < m; i++)
        {
            var cRow = new Span<T>(c + (long)i * ldc, n);
            cRow.Clear();
            for (int p = 0; p < k; p++)
            {
                T x = transA ? a[(long)p * lda + i] : a[(long)i * lda + p];
                TensorPrimitives.FusedMultiplyAdd(new ReadOnlySpan<T>(b + (long)p * ldb, n), x, cRow, cRow);
            }
        }
    }

    private static void DotRows<T>(bool transA, int m, int n, int k, T* a, int lda, T* b, int ldb, T* c, int ldc, T* gathered)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            T* aRow = a + (long)i * lda;
            if (transA)
            {
                for (int p = 0; p < k; p++)
                {
                    gathered[p] = a[(long)p * lda + i];
                }
                aRow = gathered;
            }
            var x = new ReadOnlySpan<T>(aRow, k);
            for (int j = 0; j < n; j++)
            {
                c[(long)i * ldc + j] = TensorPrimitives.Dot(x, new ReadOnlySpan<T>(b + (long)j * ldb, k));
            }
        }
    }
}
