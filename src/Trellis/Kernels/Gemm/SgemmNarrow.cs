using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Trellis.Internal;

namespace Trellis.Kernels.Gemm;

/// <summary>
/// float32 GEMM for narrow outputs (N ≤ 16, e.g. a 10-class output layer): each row of C is one Vector512
/// accumulator, 16 rows at a time, straight from the operands; op(B) is first copied into 16-wide zero-padded rows.
/// </summary>
/// <remarks>
/// PERF: the packed driver pads N to its 32-wide tile, so at N = 10 it wastes 22 of every 32 multiply-adds and packs
/// A for nothing (1024×128×10 took about 70 µs, 36 GFLOP/s); here 6 of 16 lanes idle and A is read once, in place.
/// Each element of C is one FMA chain over k in order, so results depend only on the shapes (never on threads).
/// </remarks>
internal static unsafe class SgemmNarrow
{
    private const int Width = 16;
    private const int MaxPackedB = 1 << 14; // floats of padded op(B) on the stack: 64 KB

    /// <summary>True when this kernel takes a problem of this shape on this CPU.</summary>
    public static bool Accepts(int m, int n, int k) =>
        Avx512F.IsSupported && n is >= 1 and <= Width && m >= Width && k >= 1 && (long)k * Width <= MaxPackedB;

    /// <summary>C(M, N) = op(A)·op(B); the arguments are already validated.</summary>
    [SkipLocalsInit]
    public static void Run(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc)
    {
        // op(B) as k rows of 16 (zeros past n): at most 64 KB (Accepts bounds k), on the stack.
        float* bp = stackalloc float[k * Width];
        PackB(transB, n, k, b, ldb, bp);
        var rows = new RowBlocks(transA, n, k, a, lda, bp, c, ldc, m);
        int blocks = (m + Width - 1) / Width;
        int minChunk = (int)Math.Clamp(GemmTuning.MinWorkPerThread / ((long)Width * Width * k), 1, blocks);
        Parallelism.For(blocks, minChunk, ref rows);
    }

    /// <summary>Copies op(B) into <paramref name="k"/> rows of 16 floats, zero past <paramref name="n"/>.</summary>
    /// <remarks>
    /// PERF: element by element, with the bounds and orientation tested per element, packing a 128×10 B took more time
    /// than the 32×128×10 product itself (the call went from 2.1 to 0.8 µs); a plain B's rows are now one vector each.
    /// Each lane of C's row accumulators sees only its own column, so what the masked lanes held could not leak; the
    /// zeros keep them finite.
    /// </remarks>
    private static void PackB(bool transB, int n, int k, float* b, int ldb, float* bp)
    {
        // Element (p, j) of op(B): B[p, j] for a plain B, B[j, p] for a transposed one (stored N×K).
        long rowStep = transB ? 1 : ldb, columnStep = transB ? ldb : 1;
        int p = 0;
        if (!transB)
        {
            // A 16-float load from row p stays inside B while it ends by B's last valid element, (k - 1)·ldb + n.
            Vector512<float> keep = Vector512.LessThan(Vector512.Create(0f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create((float)n));
            long end = (long)(k - 1) * ldb + n;
            for (; p < k && (long)p * ldb + Width <= end; p++)
            {
                Vector512.ConditionalSelect(keep, Vector512.Load(b + p * rowStep), Vector512<float>.Zero).Store(bp + p * Width);
            }
        }
        for (; p < k; p++)
        {
            float* row = bp + p * Width;
            Vector512<float>.Zero.Store(row);
            for (int j = 0; j < n; j++)
            {
                row[j] = b[p * rowStep + j * columnStep];
            }
        }
    }

    /// <summary>Row blocks [start, end) of 16 rows of C (the last one may be shorter); a struct body for the worker pool.</summary>
    private readonly struct RowBlocks(bool transA, int n, int k, float* a, int lda, float* bp, float* c, int ldc, int m) : IRangeBody
    {
        public void Run(int start, int end) => Rows(transA, n, k, a, lda, bp, c, ldc, start * Width, Math.Min(m, end * Width));
    }

    [SkipLocalsInit]
    private static void Rows(bool transA, int n, int k, float* a, int lda, float* bp, float* c, int ldc, int i0, int i1)
    {
        // Consecutive rows of op(A) are lda apart (plain A) or adjacent (transposed A, stored K×M).
        long rowStep = transA ? 1 : lda, kStep = transA ? lda : 1;
        int i = i0;
        for (; i + Width <= i1; i += Width)
        {
            Block16(k, a + i * rowStep, rowStep, kStep, bp, c + (long)i * ldc, ldc, n);
        }
        float* tmp = stackalloc float[Width];
        for (; i < i1; i++)
        {
            float* ai = a + i * rowStep;
            Vector512<float> acc = Vector512<float>.Zero;
            for (int p = 0; p < k; p++)
            {
                acc = Avx512F.FusedMultiplyAdd(Vector512.Create(ai[p * kStep]), Vector512.Load(bp + p * Width), acc);
            }
            Store(acc, c + (long)i * ldc, n, tmp);
        }
    }

    [SkipLocalsInit]
    private static void Block16(int k, float* a, long rowStep, long kStep, float* bp, float* c, int ldc, int n)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        Vector512<float> c8 = default, c9 = default, c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        float* a0 = a, a4 = a + 4 * rowStep, a8 = a + 8 * rowStep, a12 = a + 12 * rowStep;
        long r1 = rowStep, r2 = 2 * rowStep, r3 = 3 * rowStep;
        for (int p = 0; p < k; p++)
        {
            Vector512<float> bv = Vector512.Load(bp);
            c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[0]), bv, c0);
            c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[r1]), bv, c1);
            c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[r2]), bv, c2);
            c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[r3]), bv, c3);
            c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(a4[0]), bv, c4);
            c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(a4[r1]), bv, c5);
            c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(a4[r2]), bv, c6);
            c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(a4[r3]), bv, c7);
            c8 = Avx512F.FusedMultiplyAdd(Vector512.Create(a8[0]), bv, c8);
            c9 = Avx512F.FusedMultiplyAdd(Vector512.Create(a8[r1]), bv, c9);
            c10 = Avx512F.FusedMultiplyAdd(Vector512.Create(a8[r2]), bv, c10);
            c11 = Avx512F.FusedMultiplyAdd(Vector512.Create(a8[r3]), bv, c11);
            c12 = Avx512F.FusedMultiplyAdd(Vector512.Create(a12[0]), bv, c12);
            c13 = Avx512F.FusedMultiplyAdd(Vector512.Create(a12[r1]), bv, c13);
            c14 = Avx512F.FusedMultiplyAdd(Vector512.Create(a12[r2]), bv, c14);
            c15 = Avx512F.FusedMultiplyAdd(Vector512.Create(a12[r3]), bv, c15);
            a0 += kStep;
            a4 += kStep;
            a8 += kStep;
            a12 += kStep;
            bp += Width;
        }
        float* tmp = stackalloc float[Width];
        Store(c0, c, n, tmp); Store(c1, c + ldc, n, tmp); Store(c2, c + 2 * ldc, n, tmp); Store(c3, c + 3 * ldc, n, tmp);
        c += 4 * ldc;
        Store(c4, c, n, tmp); Store(c5, c + ldc, n, tmp); Store(c6, c + 2 * ldc, n, tmp); Store(c7, c + 3 * ldc, n, tmp);
        c += 4 * ldc;
        Store(c8, c, n, tmp); Store(c9, c + ldc, n, tmp); Store(c10, c + 2 * ldc, n, tmp); Store(c11, c + 3 * ldc, n, tmp);
        c += 4 * ldc;
        Store(c12, c, n, tmp); Store(c13, c + ldc, n, tmp); Store(c14, c + 2 * ldc, n, tmp); Store(c15, c + 3 * ldc, n, tmp);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> v, float* c, int n, float* tmp)
    {
        if (n == Width)
        {
            v.Store(c);
            return;
        }
        v.Store(tmp);
        for (int j = 0; j < n; j++)
        {
            c[j] = tmp[j];
        }
    }
}
