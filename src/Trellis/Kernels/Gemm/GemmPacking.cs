using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Trellis.Kernels.Gemm;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, zero-padded panels the micro-kernels read. Transposes are
/// absorbed here: the kernels only ever see packed panels, so no transposed copy of a whole operand is made.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Elements from the start of one packed panel of depth <paramref name="kc"/> and width <paramref name="r"/> (MR or
    /// NR) to the next: the panel plus one cache line of padding.
    /// </summary>
    /// <remarks>
    /// PERF (one core, 2026-11-22): a plain B is packed row by row of B, each row's 128-byte runs going to every panel.
    /// Unpadded, the panels of a depth-256 block are 32 KB apart, so all the runs of one row landed in the same two
    /// L1 sets and evicted each other: 0.24 ns per element, against 0.078 with the padding (a plain memcpy: 0.079).
    /// The transposed A's row-by-row copy had the same pattern (12 KB panels).
    /// </remarks>
    public static int PanelStride<T>(int kc, int r)
        where T : unmanaged => kc * r + 64 / sizeof(T);

    /// <summary>
    /// Packs op(A)[i0..i0+mc, p0..p0+kc] into ceil(mc/mr) panels; panel q holds, for each k, the mr values
    /// op(A)[i0+q·mr+r, p0+k] (r = 0..mr-1), zero for rows past mc. Layout: dst[q·S + k·mr + r], S the
    /// <see cref="PanelStride"/>.
    /// </summary>
    public static void PackA<T>(bool transA, T* a, int lda, int i0, int mc, int p0, int kc, int mr, T* dst)
        where T : unmanaged
    {
        int firstPanel = 0;
        long stride = PanelStride<T>(kc, mr);
        if (transA && typeof(T) == typeof(float) && mr == 12)
        {
            firstPanel = mc / 12;
            CopyPanels48((float*)(a + (long)p0 * lda + i0), lda, kc, firstPanel, (float*)dst, stride);
        }
        for (int q = firstPanel; q * mr < mc; q++)
        {
            int rows = Math.Min(mr, mc - q * mr);
            T* panel = dst + q * stride;
            int row0 = i0 + q * mr;
            if (transA)
            {
                // A is stored (K, M): the mr values for one k are contiguous.
                for (int k = 0; k < kc; k++)
                {
                    T* src = a + (long)(p0 + k) * lda + row0;
                    T* d = panel + k * mr;
                    new ReadOnlySpan<T>(src, rows).CopyTo(new Span<T>(d, rows));
                    new Span<T>(d + rows, mr - rows).Clear();
                }
            }
            else
            {
                // A is stored (M, K): a transpose of rows × kc into the panel's k-major order.
                if (typeof(T) == typeof(float))
                {
                    // The next panel's rows are 4 KB apart at N = 1024 and only kc long: too short and scattered for the
                    // hardware prefetcher, so ask for them while this panel is transposed. PERF (1024³, 40 rounds alternating
                    // in one process, 2026-11-22): packing A 0.46 -> 0.35 ms per call on one core; +3.0% on 2 threads.
                    Prefetch(a + (long)(row0 + mr) * lda + p0, lda, Math.Min(mr, mc - (q + 1) * mr), kc);
                    InterleaveRows((float*)(a + (long)row0 * lda + p0), lda, rows, kc, (float*)panel, mr);
                }
                else
                {
                    for (int r = 0; r < rows; r++)
                    {
                        T* src = a + (long)(row0 + r) * lda + p0;
                        T* d = panel + r;
                        for (int k = 0; k < kc; k++)
                        {
                            d[k * mr] = src[k];
                        }
                    }
                }
                for (int r = rows; r < mr; r++)
                {
                    for (int k = 0; k < kc; k++)
                    {
                        panel[k * mr + r] = default;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs op(B)[p0..p0+kc, j0..j0+nc] into ceil(nc/nr) panels; panel q holds, for each k, the nr values
    /// op(B)[p0+k, j0+q·nr+c] (c = 0..nr-1), zero for columns past nc. Layout: dst[q·S + k·nr + c], S the
    /// <see cref="PanelStride"/>.
    /// </summary>
    public static void PackB<T>(bool transB, T* b, int ldb, int p0, int kc, int j0, int nc, int nr, T* dst)
        where T : unmanaged
    {
        int fullPanels = 0;
        long stride = PanelStride<T>(kc, nr);
        if (!transB && nr * sizeof(T) == 128)
        {
            fullPanels = nc / nr;
            CopyPanels128(b + (long)p0 * ldb + j0, ldb, kc, fullPanels, dst, stride);
        }
        for (int q = fullPanels; q * nr < nc; q++)
        {
            int cols = Math.Min(nr, nc - q * nr);
            T* panel = dst + q * stride;
            int col0 = j0 + q * nr;
            if (!transB)
            {
                // B is stored (K, N): one k's nr values are contiguous.
                for (int k = 0; k < kc; k++)
                {
                    T* src = b + (long)(p0 + k) * ldb + col0;
                    T* d = panel + k * nr;
                    new ReadOnlySpan<T>(src, cols).CopyTo(new Span<T>(d, cols));
                    new Span<T>(d + cols, nr - cols).Clear();
                }
            }
            else
            {
                // B is stored (N, K): a transpose of cols × kc into the panel's k-major order.
                if (typeof(T) == typeof(float))
                {
                    InterleaveRows((float*)(b + (long)col0 * ldb + p0), ldb, cols, kc, (float*)panel, nr);
                }
                else
                {
                    for (int c = 0; c < cols; c++)
                    {
                        T* src = b + (long)(col0 + c) * ldb + p0;
                        T* d = panel + c;
                        for (int k = 0; k < kc; k++)
                        {
                            d[k * nr] = src[k];
                        }
                    }
                }
                for (int c = cols; c < nr; c++)
                {
                    for (int k = 0; k < kc; k++)
                    {
                        panel[k * nr + c] = default;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs <paramref name="panels"/> whole 12-row panels of a transposed float A (stored (K, M)): row k of panel q
    /// is the 12 floats at A[k, q·12 ...], read row by row of the stored A.
    /// </summary>
    /// <remarks>
    /// PERF (one core, 2026-11-22): panel by panel, each k read 48 bytes from another row of A through a memmove
    /// call; all of a 1024×1024 A took about 800 µs to pack.
    /// </remarks>
    private static void CopyPanels48(float* src, long ld, int rows, int panels, float* dst, long panelFloats)
    {
        const int KBlock = 16; // k rows per sweep over the panels: 768 contiguous bytes written per panel
        for (int k0 = 0; k0 < rows; k0 += KBlock)
        {
            int k1 = Math.Min(rows, k0 + KBlock);
            for (int q = 0; q < panels; q++)
            {
                float* s = src + k0 * ld + q * 12, d = dst + q * panelFloats + k0 * 12L;
                for (int k = k0; k < k1; k++, s += ld, d += 12)
                {
                    Vector256.Store(Vector256.Load(s), d);
                    Vector128.Store(Vector128.Load(s + 8), d + 8);
                }
            }
        }
    }

    /// <summary>Asks the cache for <paramref name="rows"/> runs of <paramref name="count"/> elements, <paramref name="ld"/> elements apart.</summary>
    private static void Prefetch<T>(T* first, long ld, int rows, int count)
        where T : unmanaged
    {
        if (!Sse.IsSupported)
        {
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            byte* run = (byte*)(first + r * ld), end = run + (long)count * sizeof(T);
            for (byte* line = run; line < end; line += 64)
            {
                Sse.Prefetch0(line);
            }
        }
    }

    /// <summary>Staged rows at most this many floats (36 KB on the stack): 32 rows (a B panel) of a 272-float padded stride.</summary>
    private const int MaxStagedFloats = 32 * 288;

    /// <summary>
    /// <see cref="GemmTranspose.Interleave"/> of <paramref name="rows"/> rows (of a plain A or a transposed B), first
    /// copied one after another into a small buffer with a padded stride when the rows are (nearly) a multiple of 4 KB
    /// apart.
    /// </summary>
    /// <remarks>
    /// PERF (one core, 2026-11-22): rows 4 KB apart fall into the same L1 sets, so the transpose's loads kept evicting
    /// each other: 12×256 floats took 0.66 ns per float from rows 4096 bytes apart (0.44 at 4000) against 0.06 from
    /// rows 1200 bytes apart. Copying each row's run first (sequential, no conflicts) makes the transpose read a
    /// compact block.
    /// </remarks>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    private static void InterleaveRows(float* src, int lda, int rows, int count, float* dst, int dstStride)
    {
        int distance = (int)((lda * 4L) % 4096);
        bool conflicting = Math.Min(distance, 4096 - distance) < 256;
        int stride = count + 16; // 64 bytes of padding: consecutive staged rows start in different L1 sets
        if (!conflicting || rows * stride > MaxStagedFloats)
        {
            GemmTranspose.Interleave(src, lda, rows, count, dst, dstStride);
            return;
        }
        float* staged = stackalloc float[MaxStagedFloats];
        for (int r = 0; r < rows; r++)
        {
            new ReadOnlySpan<float>(src + (long)r * lda, count).CopyTo(new Span<float>(staged + r * stride, count));
        }
        GemmTranspose.Interleave(staged, stride, rows, count, dst, dstStride);
    }

    /// <summary>
    /// Packs <paramref name="panels"/> whole panels of a plain B whose rows are 128 bytes wide (32 floats or 16
    /// doubles): row k of panel q is B[k, q·128 bytes ...].
    /// </summary>
    /// <remarks>
    /// PERF: panel by panel, each 128-byte read came from another row of B (4 KB apart at N = 1024, a new page each
    /// time) through a memmove call: packing one thread's half of B at 1024³ took 162 µs. Row by row, B is read
    /// sequentially and the copies are two 64-byte loads and stores.
    /// </remarks>
    private static void CopyPanels128<T>(T* src, long ld, int rows, int panels, T* dst, long panelStride)
        where T : unmanaged
    {
        long panelBytes = panelStride * sizeof(T);
        for (int k = 0; k < rows; k++)
        {
            byte* s = (byte*)(src + k * ld), d = (byte*)dst + k * 128L;
            for (int q = 0; q < panels; q++, s += 128, d += panelBytes)
            {
                if (Vector512.IsHardwareAccelerated)
                {
                    Vector512.Store(Vector512.Load(s), d);
                    Vector512.Store(Vector512.Load(s + 64), d + 64);
                }
                else
                {
                    Vector256.Store(Vector256.Load(s), d);
                    Vector256.Store(Vector256.Load(s + 32), d + 32);
                    Vector256.Store(Vector256.Load(s + 64), d + 64);
                    Vector256.Store(Vector256.Load(s + 96), d + 96);
                }
            }
        }
    }
}
