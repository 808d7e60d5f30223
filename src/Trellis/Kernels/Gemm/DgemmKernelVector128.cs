using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Trellis.Kernels.Gemm;

/// <summary>double micro-kernel, 4×4 tile of C (4 rows × 2 Vector128), portable Vector128 (FMA where the CPU has it).</summary>
/// <remarks>
/// Per k: loads one packed row of B (4 values), broadcasts 4 packed values of A and issues 8 FMAs into
/// 8 accumulators that stay in registers (written out one by one for that reason).
/// </remarks>
internal readonly struct DgemmKernelVector128 : IGemmMicroKernel<double>
{
    public static int MR => 4;

    public static int NR => 4;

    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    [SkipLocalsInit]
    public static unsafe void Run(int kc, double* a, double* b, double* c, int ldc, int rows, int cols, bool accumulate)
    {
        Vector128<double> c0_0 = default, c0_1 = default;
        Vector128<double> c1_0 = default, c1_1 = default;
        Vector128<double> c2_0 = default, c2_1 = default;
        Vector128<double> c3_0 = default, c3_1 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector128<double> b0 = Vector128.Load(b), b1 = Vector128.Load(b + 2);
            Vector128<double> x;
            x = Vector128.Create(a[0]); c0_0 = Vector128.MultiplyAddEstimate(x, b0, c0_0); c0_1 = Vector128.MultiplyAddEstimate(x, b1, c0_1);
            x = Vector128.Create(a[1]); c1_0 = Vector128.MultiplyAddEstimate(x, b0, c1_0); c1_1 = Vector128.MultiplyAddEstimate(x, b1, c1_1);
            x = Vector128.Create(a[2]); c2_0 = Vector128.MultiplyAddEstimate(x, b0, c2_0); c2_1 = Vector128.MultiplyAddEstimate(x, b1, c2_1);
            x = Vector128.Create(a[3]); c3_0 = Vector128.MultiplyAddEstimate(x, b0, c3_0); c3_1 = Vector128.MultiplyAddEstimate(x, b1, c3_1);
            a += 4;
            b += 4;
        }
        if (rows == 4 && cols == 4)
        {
            GemmTile.Put(c + 0 * ldc, c0_0, accumulate); GemmTile.Put(c + 0 * ldc + 2, c0_1, accumulate);
            GemmTile.Put(c + 1 * ldc, c1_0, accumulate); GemmTile.Put(c + 1 * ldc + 2, c1_1, accumulate);
            GemmTile.Put(c + 2 * ldc, c2_0, accumulate); GemmTile.Put(c + 2 * ldc + 2, c2_1, accumulate);
            GemmTile.Put(c + 3 * ldc, c3_0, accumulate); GemmTile.Put(c + 3 * ldc + 2, c3_1, accumulate);
            return;
        }
        double* t = stackalloc double[16];
        c0_0.Store(t + 0); c0_1.Store(t + 2);
        c1_0.Store(t + 4); c1_1.Store(t + 6);
        c2_0.Store(t + 8); c2_1.Store(t + 10);
        c3_0.Store(t + 12); c3_1.Store(t + 14);
        GemmTile.CopyPartial(t, 4, c, ldc, rows, cols, accumulate);
    }
}
