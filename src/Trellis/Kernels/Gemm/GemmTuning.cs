namespace Trellis.Kernels.Gemm;

/// <summary>Blocking sizes of the packed GEMM, in elements. Tunable (benchmarks adjust them); results do not depend on MC or NC.</summary>
/// <remarks>
/// Goto's scheme: a kc×NR panel of packed B stays in L1 while the micro-kernel sweeps the mc×kc block of packed A held
/// in L2; the kc×nc block of packed B lives in L3. On this project's Zen 5 (48 KB L1d, 1 MB L2 per core) KC = 256
/// gives a 32 KB float B panel (NR = 32) and MC = 192 a 192 KB A block. NOTE: KC fixes the summation order (C is
/// accumulated block by block), so changing it changes results in the last bits; MC and NC do not.
/// </remarks>
internal static class GemmTuning
{
    /// <summary>Depth of one packed block (the k extent), before balancing: k is cut into equal blocks of at most KC.</summary>
    public static int KC { get; set; } = 256;

    /// <summary>Rows of A packed at once; rounded down to a multiple of the kernel's MR.</summary>
    public static int MC { get; set; } = 192;

    /// <summary>Columns of B packed at once; rounded down to a multiple of the kernel's NR.</summary>
    public static int NC { get; set; } = 2048;

    /// <summary>Problems with M·N·K at or below this may run unpacked on one thread (packing would cost more than it saves)...</summary>
    public static long SmallWork { get; set; } = 32 * 1024;

    /// <summary>...if the vectorized runs of the unpacked path (N, or K when B is transposed) are at least this long.</summary>
    public static int SmallMinRun { get; set; } = 64;

    /// <summary>Multiply-adds a thread must get before a second thread is used.</summary>
    public static long MinWorkPerThread { get; set; } = 1 << 21;
}
