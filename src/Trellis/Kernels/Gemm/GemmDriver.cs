using System.Numerics;
using Trellis.Internal;

namespace Trellis.Kernels.Gemm;

/// <summary>
/// The packed, blocked GEMM loop nest (Goto/BLIS order: nc columns → kc depth → mc rows → NR → MR tiles) around a
/// micro-kernel, threaded by a static split of C's rows or columns.
/// </summary>
/// <remarks>
/// Determinism: the k blocking depends only on K and <see cref="GemmTuning.KC"/>; each element of C is produced by
/// one thread as (block 0) + (block 1) + ..., each block an in-order FMA chain. Which thread owns a tile and where the
/// tile starts do not enter the arithmetic, so any <see cref="Threading.MaxThreads"/> gives the same bits.
/// </remarks>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged, INumber<T>
    where TKernel : IGemmMicroKernel<T>
{
    /// <summary>What packing one element of each operand costs, in multiply-adds of the micro-kernel.</summary>
    /// <remarks>
    /// PERF (one core, 2026-11-22, see <see cref="GemmPacking"/>): per element, a plain A (a transpose of staged rows)
    /// about 0.15 ns, a transposed A (12-float runs) about 0.38 ns, a plain B (128-byte runs) about 0.19 ns, a
    /// transposed B (a transpose of staged rows) about 0.15 ns; the kernel does about 115 G multiply-adds per second.
    /// </remarks>
    private const long PlainAPackCost = 17, TransposedAPackCost = 44, PlainBPackCost = 21, TransposedBPackCost = 17;

    /// <summary>
    /// C(M, N) = op(A)·op(B), then <paramref name="epilogue"/> on each finished block of C; the arguments are already
    /// validated (see <see cref="GemmArguments"/>).
    /// </summary>
    public static void Run(bool transA, bool transB, int m, int n, int k, T* a, int lda, T* b, int ldb, T* c, int ldc, GemmEpilogue epilogue = default)
    {
        if (m == 0 || n == 0)
        {
            return;
        }
        if (k == 0)
        {
            for (int i = 0; i < m; i++)
            {
                new Span<T>(c + (long)i * ldc, n).Clear();
            }
            epilogue.Apply(c, ldc, m, 0, n);
            return;
        }
        int mr = TKernel.MR, nr = TKernel.NR;
        int mTiles = (m + mr - 1) / mr, nTiles = (n + nr - 1) / nr;
        // Split the side whose busiest thread gets the least work (whole tiles each): 128×128 on 2 threads splits its
        // 4 column tiles 2/2 rather than its 11 row tiles 6/5. Packing counts too: each thread packs all of the
        // operand it does not split, at a price per element that depends on the operand and its orientation.
        int threads = Math.Max(1, Threading.MaxThreads);
        long rowsPerThread = (long)((mTiles + threads - 1) / threads) * mr, colsPerThread = (long)((nTiles + threads - 1) / threads) * nr;
        long packA = UnpackedA(transA, n, lda) ? 0 : transA ? TransposedAPackCost : PlainAPackCost;
        long packB = transB ? TransposedBPackCost : PlainBPackCost;
        long rowSplitMax = rowsPerThread * n * k + (packA * rowsPerThread + packB * n) * k;
        long colSplitMax = colsPerThread * m * k + (packA * m + packB * colsPerThread) * k;
        // An A read in place costs no packing but is read from memory by every thread that needs its rows: split rows.
        bool splitRows = rowSplitMax <= colSplitMax || (packA == 0 && mTiles >= threads);
        int units = splitRows ? mTiles : nTiles;
        long workPerUnit = (long)(splitRows ? mr * (long)n : nr * (long)m) * k;
        int minChunk = (int)Math.Clamp(GemmTuning.MinWorkPerThread / workPerUnit, 1, units);
        var args = new Args(transA, transB, m, n, k, (nint)a, lda, (nint)b, ldb, (nint)c, ldc, epilogue);
        if (Parallelism.RunsSerially(units, minChunk))
        {
            Block(args, 0, m, 0, n); // one thread owns every tile
            return;
        }
        RunParallel(args, splitRows, units, minChunk);
    }

    /// <summary>Splits the tiles over the worker pool; the body is a struct, so a parallel call allocates nothing.</summary>
    private static void RunParallel(Args args, bool splitRows, int units, int minChunk)
    {
        var body = new TileRange(args, splitRows);
        Parallelism.For(units, minChunk, ref body);
    }

    /// <summary>One thread's share: whole row tiles or whole column tiles [start, end) of C.</summary>
    private readonly struct TileRange(Args args, bool splitRows) : IRangeBody
    {
        public void Run(int start, int end)
        {
            int mr = TKernel.MR, nr = TKernel.NR, m = args.M, n = args.N;
            if (splitRows)
            {
                Block(args, start * mr, Math.Min(m, end * mr), 0, n);
            }
            else
            {
                Block(args, 0, m, start * nr, Math.Min(n, end * nr));
            }
        }
    }

    /// <summary>Computes C[i0..i1, j0..j1] on the calling thread.</summary>
    private static void Block(in Args p, int i0, int i1, int j0, int j1)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        int k = p.K;
        // Equal k blocks of at most KC: the last block is not a sliver, and the split depends on the shape alone.
        int kcLimit = GemmTuning.KC;
        int kBlocks = (k + kcLimit - 1) / kcLimit;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int mcMax = Math.Max(mr, GemmTuning.MC / mr * mr);
        int ncMax = Math.Max(nr, GemmTuning.NC / nr * nr);
        int ncAlloc = Math.Min(ncMax, (j1 - j0 + nr - 1) / nr * nr);
        int mcAlloc = Math.Min(mcMax, (i1 - i0 + mr - 1) / mr * mr);
        T* packedA = GemmBuffers<T>.A(mcAlloc / mr * GemmPacking.PanelStride<T>(kcMax, mr)); // mc/MR panels of (kc, MR)
        T* packedB = GemmBuffers<T>.B(ncAlloc / nr * GemmPacking.PanelStride<T>(kcMax, nr)); // nc/NR panels of (kc, NR)
        T* a = (T*)p.A, b = (T*)p.B, c = (T*)p.C;
        for (int jc = j0; jc < j1; jc += ncMax)
        {
            int nc = Math.Min(ncMax, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                int strideA = GemmPacking.PanelStride<T>(kc, mr), strideB = GemmPacking.PanelStride<T>(kc, nr);
                if (!InPlaceB(p))
                {
                    GemmPacking.PackB(p.TransB, b, p.Ldb, pc, kc, jc, nc, nr, packedB);
                }
                for (int ic = i0; ic < i1; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, i1 - ic);
                    if (UnpackedA(p))
                    {
                        RowsOfA(p, a + (long)ic * p.Lda + pc, ic, mc, pc, kc, jc, nc, packedB);
                    }
                    else
                    {
                        GemmPacking.PackA(p.TransA, a, p.Lda, ic, mc, pc, kc, mr, packedA);
                        for (int jr = 0; jr < nc; jr += nr)
                        {
                            T* bPanel = packedB + jr / nr * strideB;
                            T* cColumn = c + (long)ic * p.Ldc + jc + jr;
                            int cols = Math.Min(nr, nc - jr);
                            for (int ir = 0; ir < mc; ir += mr)
                            {
                                TKernel.Run(kc, packedA + ir / mr * strideA, bPanel, cColumn + (long)ir * p.Ldc, p.Ldc, Math.Min(mr, mc - ir), cols, pc > 0);
                            }
                        }
                    }
                    if (pc + kc == k)
                    {
                        p.Epilogue.Apply(c + (long)ic * p.Ldc + jc, p.Ldc, mc, jc, nc); // the block is final and in cache
                    }
                }
            }
        }
    }

    /// <summary>
    /// True when the micro-kernel reads a plain (row-major) A in place (see <see cref="SgemmKernelAvx512Rows"/>):
    /// when N is at most 128, so that each packed value of A would serve at most 4 column panels, and A's rows are
    /// not a multiple of 4 KB apart (12 rows would then share one set of the L1 cache).
    /// </summary>
    /// <remarks>
    /// PERF (quick mode, one thread, CPU time, 2026-11-22 04:35 UTC, 4 alternating runs): 1024×128×784 went from
    /// 158–167 to 196–203 GFLOP/s and 128×128×784 from 154–171 to 181–185; 1024³ (N = 1024, rows 4 KB apart)
    /// lost 10–35% in place, hence both limits. Results are bit-identical either way.
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool UnpackedA(in Args p) => UnpackedA(p.TransA, p.N, p.Lda);

    private static bool UnpackedA(bool transA, int n, int lda) =>
        typeof(TKernel) == typeof(SgemmKernelAvx512) && !transA && n <= 128 && lda % 1024 != 0;

    /// <summary>
    /// True when B, too, is read in place (its rows are the kernel's k-rows of 32): with A in place, a plain B and
    /// at most 96 rows of C, where each packed panel of B would serve at most 8 row tiles.
    /// </summary>
    /// <remarks>PERF: at 32×128×784 (a dense layer at batch 32) packing B took about as long as the products.</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool InPlaceB(in Args p) => UnpackedA(p) && !p.TransB && p.M <= 96;

    /// <summary>The jr/ir loops of <see cref="Block"/> with A read in place: C[ic.., jc..] (+)= A[ic.., pc..]·packedB.</summary>
    private static void RowsOfA(in Args p, T* aBlock, int ic, int mc, int pc, int kc, int jc, int nc, T* packedB)
    {
        bool accumulate = pc > 0;
        int mr = TKernel.MR, nr = TKernel.NR;
        float* a = (float*)aBlock, b = (float*)packedB, c = (float*)p.C;
        bool inPlaceB = InPlaceB(p);
        for (int jr = 0; jr < nc; jr += nr)
        {
            float* bPanel = b + jr / nr * GemmPacking.PanelStride<float>(kc, nr);
            long ldb = nr;
            float* cColumn = c + (long)ic * p.Ldc + jc + jr;
            int cols = Math.Min(nr, nc - jr);
            if (inPlaceB && cols == nr)
            {
                bPanel = (float*)p.B + (long)pc * p.Ldb + jc + jr; // whole panel: B's rows themselves
                ldb = p.Ldb;
            }
            else if (inPlaceB)
            {
                bPanel = b; // an edge panel would read past B's rows: pack just this one
                GemmPacking.PackB(false, (float*)p.B, p.Ldb, pc, kc, jc + jr, cols, nr, bPanel);
            }
            for (int ir = 0; ir < mc; ir += mr)
            {
                SgemmKernelAvx512Rows.Run(kc, a + (long)ir * p.Lda, p.Lda, bPanel, ldb, cColumn + (long)ir * p.Ldc, p.Ldc, Math.Min(mr, mc - ir), cols, accumulate);
            }
        }
    }

    /// <summary>The call's operands, with pointers as integers so the parallel body can hold them.</summary>
    private readonly record struct Args(bool TransA, bool TransB, int M, int N, int K, nint A, int Lda, nint B, int Ldb, nint C, int Ldc, GemmEpilogue Epilogue);
}
