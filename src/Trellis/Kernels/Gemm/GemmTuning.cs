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

    /// <summary>Depth of one block when N is at most <see cref="NarrowN"/> (a dense layer's units), before balancing.</summary>
    /// <remarks>
    /// PERF (quick mode, 2 threads, 2026-11-22, 3 alternating runs): 1024×128×784 ran at 392–403 GFLOP/s with k cut
    /// into 4 blocks of 196 and at 415–438 with 2 of 392: each pass over C (read, add, store of 24 vectors per tile)
    /// is paid half as often. Square shapes showed no gain, so their blocks stay at <see cref="KC"/>.
    /// </remarks>
    public static int NarrowKC { get; set; } = 400;

    /// <summary>The widest N that uses <see cref="NarrowKC"/>.</summary>
    public const int NarrowN = 128;

    /// <summary>The k block limit for a product with <paramref name="n"/> columns: a function of the shape alone, so results never depend on threads.</summary>
    public static int DepthFor(int n) => n <= NarrowN ? NarrowKC : KC;

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
