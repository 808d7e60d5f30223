using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Trellis.Kernels.Gemm;

/// <summary>Writes micro-kernel results into C: whole vectors for full tiles, a copy from a stack tile for edge tiles.</summary>
internal static unsafe class GemmTile
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put<T>(T* c, Vector512<T> v, bool accumulate)
        where T : unmanaged => (accumulate ? Vector512.Load(c) + v : v).Store(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put<T>(T* c, Vector256<T> v, bool accumulate)
        where T : unmanaged => (accumulate ? Vector256.Load(c) + v : v).Store(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put<T>(T* c, Vector128<T> v, bool accumulate)
        where T : unmanaged => (accumulate ? Vector128.Load(c) + v : v).Store(c);

    /// <summary>Copies the valid rows × cols corner of a full tile <paramref name="t"/> (row stride <paramref name="nr"/>) into C.</summary>
    /// <remarks>The scalar add rounds exactly as the vector add of a full tile does, so edge elements match bit for bit.</remarks>
    public static void CopyPartial<T>(T* t, int nr, T* c, int ldc, int rows, int cols, bool accumulate)
        where T : unmanaged, INumber<T>
    {
        for (int r = 0; r < rows; r++)
        {
            T* src = t + r * nr;
            T* dst = c + r * ldc;
            if (accumulate)
            {
                for (int j = 0; j < cols; j++)
                {
                    dst[j] += src[j];
                }
            }
            else
            {
                new ReadOnlySpan<T>(src, cols).CopyTo(new Span<T>(dst, cols));
            }
        }
    }
}
