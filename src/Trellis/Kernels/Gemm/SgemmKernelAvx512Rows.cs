using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Trellis.Kernels.Gemm;

/// <summary>
/// The 12×32 AVX-512 micro-kernel of <see cref="SgemmKernelAvx512"/> reading A in place, from 12 rows of a
/// row-major A (k contiguous, rows <c>lda</c> apart), instead of from a packed panel; B's 32 values for each k are
/// <c>ldb</c> apart (32 in a packed panel, or B's own row stride when B is read in place too).
/// </summary>
/// <remarks>
/// PERF: packing a plain A is a transpose (k-major panels from k-contiguous rows); for tall, narrow products such as a
/// dense layer's 1024×128×784 it took a large share of the time, since each packed value is used only N/32 times.
/// Broadcasting from 12 row streams costs the micro-kernel nothing extra (one load per broadcast either way).
/// Each element of C is the same in-order FMA chain over the same values, so results are bit-identical to the
/// packed kernel's. Rows past <c>rows</c> read the last valid row again (their results are never stored).
/// </remarks>
internal static unsafe class SgemmKernelAvx512Rows
{
    [SkipLocalsInit]
    public static void Run(int kc, float* a, long lda, float* b, long ldb, float* c, int ldc, int rows, int cols, bool accumulate)
    {
        Vector512<float> c0_0 = default, c0_1 = default;
        Vector512<float> c1_0 = default, c1_1 = default;
        Vector512<float> c2_0 = default, c2_1 = default;
        Vector512<float> c3_0 = default, c3_1 = default;
        Vector512<float> c4_0 = default, c4_1 = default;
        Vector512<float> c5_0 = default, c5_1 = default;
        Vector512<float> c6_0 = default, c6_1 = default;
        Vector512<float> c7_0 = default, c7_1 = default;
        Vector512<float> c8_0 = default, c8_1 = default;
        Vector512<float> c9_0 = default, c9_1 = default;
        Vector512<float> c10_0 = default, c10_1 = default;
        Vector512<float> c11_0 = default, c11_1 = default;
        float* a0 = a, a1 = Row(a, lda, 1, rows), a2 = Row(a, lda, 2, rows), a3 = Row(a, lda, 3, rows);
        float* a4 = Row(a, lda, 4, rows), a5 = Row(a, lda, 5, rows), a6 = Row(a, lda, 6, rows), a7 = Row(a, lda, 7, rows);
        float* a8 = Row(a, lda, 8, rows), a9 = Row(a, lda, 9, rows), a10 = Row(a, lda, 10, rows), a11 = Row(a, lda, 11, rows);
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16);
            Vector512<float> x;
            x = Vector512.Create(a0[p]); c0_0 = Avx512F.FusedMultiplyAdd(x, b0, c0_0); c0_1 = Avx512F.FusedMultiplyAdd(x, b1, c0_1);
            x = Vector512.Create(a1[p]); c1_0 = Avx512F.FusedMultiplyAdd(x, b0, c1_0); c1_1 = Avx512F.FusedMultiplyAdd(x, b1, c1_1);
            x = Vector512.Create(a2[p]); c2_0 = Avx512F.FusedMultiplyAdd(x, b0, c2_0); c2_1 = Avx512F.FusedMultiplyAdd(x, b1, c2_1);
            x = Vector512.Create(a3[p]); c3_0 = Avx512F.FusedMultiplyAdd(x, b0, c3_0); c3_1 = Avx512F.FusedMultiplyAdd(x, b1, c3_1);
            x = Vector512.Create(a4[p]); c4_0 = Avx512F.FusedMultiplyAdd(x, b0, c4_0); c4_1 = Avx512F.FusedMultiplyAdd(x, b1, c4_1);
            x = Vector512.Create(a5[p]); c5_0 = Avx512F.FusedMultiplyAdd(x, b0, c5_0); c5_1 = Avx512F.FusedMultiplyAdd(x, b1, c5_1);
            x = Vector512.Create(a6[p]); c6_0 = Avx512F.FusedMultiplyAdd(x, b0, c6_0); c6_1 = Avx512F.FusedMultiplyAdd(x, b1, c6_1);
            x = Vector512.Create(a7[p]); c7_0 = Avx512F.FusedMultiplyAdd(x, b0, c7_0); c7_1 = Avx512F.FusedMultiplyAdd(x, b1, c7_1);
            x = Vector512.Create(a8[p]); c8_0 = Avx512F.FusedMultiplyAdd(x, b0, c8_0); c8_1 = Avx512F.FusedMultiplyAdd(x, b1, c8_1);
            x = Vector512.Create(a9[p]); c9_0 = Avx512F.FusedMultiplyAdd(x, b0, c9_0); c9_1 = Avx512F.FusedMultiplyAdd(x, b1, c9_1);
            x = Vector512.Create(a10[p]); c10_0 = Avx512F.FusedMultiplyAdd(x, b0, c10_0); c10_1 = Avx512F.FusedMultiplyAdd(x, b1, c10_1);
            x = Vector512.Create(a11[p]); c11_0 = Avx512F.FusedMultiplyAdd(x, b0, c11_0); c11_1 = Avx512F.FusedMultiplyAdd(x, b1, c11_1);
            b += ldb;
        }
        if (rows == 12 && cols == 32)
        {
            GemmTile.Put(c + 0 * ldc, c0_0, accumulate); GemmTile.Put(c + 0 * ldc + 16, c0_1, accumulate);
            GemmTile.Put(c + 1 * ldc, c1_0, accumulate); GemmTile.Put(c + 1 * ldc + 16, c1_1, accumulate);
            GemmTile.Put(c + 2 * ldc, c2_0, accumulate); GemmTile.Put(c + 2 * ldc + 16, c2_1, accumulate);
            GemmTile.Put(c + 3 * ldc, c3_0, accumulate); GemmTile.Put(c + 3 * ldc + 16, c3_1, accumulate);
            GemmTile.Put(c + 4 * ldc, c4_0, accumulate); GemmTile.Put(c + 4 * ldc + 16, c4_1, accumulate);
            GemmTile.Put(c + 5 * ldc, c5_0, accumulate); GemmTile.Put(c + 5 * ldc + 16, c5_1, accumulate);
            GemmTile.Put(c + 6 * ldc, c6_0, accumulate); GemmTile.Put(c + 6 * ldc + 16, c6_1, accumulate);
            GemmTile.Put(c + 7 * ldc, c7_0, accumulate); GemmTile.Put(c + 7 * ldc + 16, c7_1, accumulate);
            GemmTile.Put(c + 8 * ldc, c8_0, accumulate); GemmTile.Put(c + 8 * ldc + 16, c8_1, accumulate);
            GemmTile.Put(c + 9 * ldc, c9_0, accumulate); GemmTile.Put(c + 9 * ldc + 16, c9_1, accumulate);
            GemmTile.Put(c + 10 * ldc, c10_0, accumulate); GemmTile.Put(c + 10 * ldc + 16, c10_1, accumulate);
            GemmTile.Put(c + 11 * ldc, c11_0, accumulate); GemmTile.Put(c + 11 * ldc + 16, c11_1, accumulate);
            return;
        }
        float* t = stackalloc float[384];
        c0_0.Store(t + 0); c0_1.Store(t + 16);
        c1_0.Store(t + 32); c1_1.Store(t + 48);
        c2_0.Store(t + 64); c2_1.Store(t + 80);
        c3_0.Store(t + 96); c3_1.Store(t + 112);
        c4_0.Store(t + 128); c4_1.Store(t + 144);
        c5_0.Store(t + 160); c5_1.Store(t + 176);
        c6_0.Store(t + 192); c6_1.Store(t + 208);
        c7_0.Store(t + 224); c7_1.Store(t + 240);
        c8_0.Store(t + 256); c8_1.Store(t + 272);
        c9_0.Store(t + 288); c9_1.Store(t + 304);
        c10_0.Store(t + 320); c10_1.Store(t + 336);
        c11_0.Store(t + 352); c11_1.Store(t + 368);
        GemmTile.CopyPartial(t, 32, c, ldc, rows, cols, accumulate);
    }

    /// <summary>Row <paramref name="r"/> of the tile, or the last valid row when the tile is cut short.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* Row(float* a, long lda, int r, int rows) => a + Math.Min(r, rows - 1) * lda;
}
