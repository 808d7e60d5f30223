namespace Trellis.Kernels.Gemm;

/// <summary>Blocking sizes of the packed GEMM, in elements. Tunable (benchmarks adjust them); results do not depend on MC or NC.</summary>
/// <remarks>
/// Goto's scheme: the micro-kernel sweeps an mc×kc block of packed A held in L2 against one kc×NR panel of packed B;
/// the kc×nc block of packed B lives in L3. A deep k block matters more than an L1-sized B panel: every k block is one
/// more pass that reads, adds and stores all of C, and C (rows 4 KB apart at N = 1024) misses the caches. So KC = 1024
/// (one pass for K ≤ 1024; a 128 KB float B panel streamed from L2). MC = 192 rows (a 768 KB A block at that depth)
/// ran the same as 96 at 1024³ and keeps the blocks of shallow products (a convolution's K = 32) as they were.
/// NOTE: KC fixes the summation order (C is accumulated block by block), so changing it changes results in the last
/// bits; MC and NC do not.
/// </remarks>
internal static class GemmTuning
{
    /// <summary>Depth of one packed block (the k extent), before balancing: k is cut into equal blocks of at most KC.</summary>
    /// <remarks>
    /// PERF (quick mode, 1024³, Zen 4 with 32 KB L1d and 1 MB L2, 2026-12-06, 3 alternating rounds of best-of-5): KC 256
    /// (the Zen 5 tuning of sessions 1–8) ran at 96–104 GFLOP/s on one thread and 180–205 on two; KC 1024 at 105–110
    /// and 205–217 (the micro-kernel alone, in cache, runs at 112–113 on one thread). 512³, 2048³ and 256×1024×4096
    /// gained or held the same way. Prefetching C's tile at the kernel's start gained ~3% at KC 256 and
    /// nothing measurable at 1024, so it was not kept. Until then a dense layer's products (N ≤ 128) had their own, deeper
    /// limit of 400 (2 blocks at K = 784, against 4 of 196); with KC 1024 one block of 784 ran the same or faster
    /// (1024×128×784: 203–227 against 203–223 GFLOP/s on two threads; 32×128×784: 118–156 against 115–152), so every
    /// shape now uses KC.
    /// </remarks>
    public static int KC { get; set; } = 1024;

    /// <summary>Rows of A packed at once; rounded down to a multiple of the kernel's MR.</summary>
    public static int MC { get; set; } = 192;

    /// <summary>Columns of B packed at once; rounded down to a multiple of the kernel's NR.</summary>
    /// <remarks>1024 × KC floats is a 4 MB packed B block per thread (kept between calls); 512 and 2048 measured the same.</remarks>
    public static int NC { get; set; } = 1024;

    /// <summary>Problems with M·N·K at or below this may run unpacked on one thread (packing would cost more than it saves)...</summary>
    public static long SmallWork { get; set; } = 32 * 1024;

    /// <summary>...if the vectorized runs of the unpacked path (N, or K when B is transposed) are at least this long.</summary>
    public static int SmallMinRun { get; set; } = 64;

    /// <summary>Multiply-adds a thread must get before a second thread is used.</summary>
    public static long MinWorkPerThread { get; set; } = 1 << 21;
}
