using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Trellis.Kernels.Gemm;

/// <summary>double micro-kernel, 6×8 tile of C (6 rows × 2 Vector256), AVX2 + FMA3.</summary>
/// <remarks>
/// Per k: loads one packed row of B (8 values), broadcasts 6 packed values of A and issues 12 FMAs into
/// 12 accumulators that stay in registers (written out one by one for that reason).
/// </remarks>
internal readonly struct DgemmKernelAvx2 : IGemmMicroKernel<double>
{
    public static int MR => 6;

    public static int NR => 8;

    public static bool IsSupported => Fma.IsSupported && Avx2.IsSupported;

    [SkipLocalsInit]
    public static unsafe void Run(int kc, double* a, double* b, double* c, int ldc, int rows, int cols, bool accumulate)
    {
        Vector256<double> c0_0 = default, c0_1 = default;
        Vector256<double> c1_0 = default, c1_1 = default;
        Vector256<double> c2_0 = default, c2_1 = default;
        Vector256<double> c3_0 = default, c3_1 = default;
        Vector256<double> c4_0 = default, c4_1 = default;
        Vector256<double> c5_0 = default, c5_1 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<double> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 4);
            Vector256<double> x;
            x = Vector256.Create(a[0]); c0_0 = Fma.MultiplyAdd(x, b0, c0_0); c0_1 = Fma.MultiplyAdd(x, b1, c0_1);
            x = Vector256.Create(a[1]); c1_0 = Fma.MultiplyAdd(x, b0, c1_0); c1_1 = Fma.MultiplyAdd(x, b1, c1_1);
            x = Vector256.Create(a[2]); c2_0 = Fma.MultiplyAdd(x, b0, c2_0); c2_1 = Fma.MultiplyAdd(x, b1, c2_1);
            x = Vector256.Create(a[3]); c3_0 = Fma.MultiplyAdd(x, b0, c3_0); c3_1 = Fma.MultiplyAdd(x, b1, c3_1);
            x = Vector256.Create(a[4]); c4_0 = Fma.MultiplyAdd(x, b0, c4_0); c4_1 = Fma.MultiplyAdd(x, b1, c4_1);
            x = Vector256.Create(a[5]); c5_0 = Fma.MultiplyAdd(x, b0, c5_0); c5_1 = Fma.MultiplyAdd(x, b1, c5_1);
            a += 6;
            b += 8;
        }
        if (rows == 6 && cols == 8)
        {
            GemmTile.Put(c + 0 * ldc, c0_0, accumulate); GemmTile.Put(c + 0 * ldc + 4, c0_1, accumulate);
            GemmTile.Put(c + 1 * ldc, c1_0, accumulate); GemmTile.Put(c + 1 * ldc + 4, c1_1, accumulate);
            GemmTile.Put(c + 2 * ldc, c2_0, accumulate); GemmTile.Put(c + 2 * ldc + 4, c2_1, accumulate);
            GemmTile.Put(c + 3 * ldc, c3_0, accumulate); GemmTile.Put(c + 3 * ldc + 4, c3_1, accumulate);
            GemmTile.Put(c + 4 * ldc, c4_0, accumulate); GemmTile.Put(c + 4 * ldc + 4, c4_1, accumulate);
            GemmTile.Put(c + 5 * ldc, c5_0, accumulate); GemmTile.Put(c + 5 * ldc + 4, c5_1, accumulate);
            return;
        }
        double* t = stackalloc double[48];
        c0_0.Store(t + 0); c0_1.Store(t + 4);
        c1_0.Store(t + 8); c1_1.Store(t + 12);
        c2_0.Store(t + 16); c2_1.Store(t + 20);
        c3_0.Store(t + 24); c3_1.Store(t + 28);
        c4_0.Store(t + 32); c4_1.Store(t + 36);
        c5_0.Store(t + 40); c5_1.Store(t + 44);
        GemmTile.CopyPartial(t, 8, c, ldc, rows, cols, accumulate);
    }
}
