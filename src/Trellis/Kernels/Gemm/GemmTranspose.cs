using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Trellis.Kernels.Gemm;

/// <summary>8×8 (AVX) and 4×4 (SSE) float transposes in registers, for the packing of transposed operands.</summary>
/// <remarks>
/// PERF: packing op(B) from a transposed B (and op(A) from a plain A) is a transpose; done one element at a time it
/// writes each value to a different cache line and took a third of the time of a 128×128×784 product with transposeB
/// (benchmarks: <c>quick 128 128 784</c>). Eight rows at a time it is eight loads, 24 shuffles and eight stores.
/// </remarks>
internal static unsafe class GemmTranspose
{
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>dst[j·dstStride + i] = src[i·srcStride + j] for i, j in 0..7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose8x8(float* src, long srcStride, float* dst, long dstStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + srcStride);
        Vector256<float> r2 = Avx.LoadVector256(src + 2 * srcStride), r3 = Avx.LoadVector256(src + 3 * srcStride);
        Vector256<float> r4 = Avx.LoadVector256(src + 4 * srcStride), r5 = Avx.LoadVector256(src + 5 * srcStride);
        Vector256<float> r6 = Avx.LoadVector256(src + 6 * srcStride), r7 = Avx.LoadVector256(src + 7 * srcStride);

        // Interleave pairs of rows, then pairs of pairs: each 128-bit half now holds a 4×4 transposed block.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);

        // Join the low halves (columns 0..3) and the high halves (columns 4..7) of rows 0..3 and 4..7.
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(s3, s7, 0x31));
    }

    /// <summary>dst[j·dstStride + i] = src[i·srcStride + j] for i, j in 0..3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose4x4(float* src, long srcStride, float* dst, long dstStride)
    {
        Vector128<float> r0 = Sse.LoadVector128(src), r1 = Sse.LoadVector128(src + srcStride);
        Vector128<float> r2 = Sse.LoadVector128(src + 2 * srcStride), r3 = Sse.LoadVector128(src + 3 * srcStride);
        Vector128<float> t0 = Sse.UnpackLow(r0, r1), t1 = Sse.UnpackLow(r2, r3); // a0 b0 a1 b1 | c0 d0 c1 d1
        Vector128<float> t2 = Sse.UnpackHigh(r0, r1), t3 = Sse.UnpackHigh(r2, r3); // a2 b2 a3 b3 | c2 d2 c3 d3
        Sse.Store(dst, Sse.MoveLowToHigh(t0, t1));
        Sse.Store(dst + dstStride, Sse.MoveHighToLow(t1, t0));
        Sse.Store(dst + 2 * dstStride, Sse.MoveLowToHigh(t2, t3));
        Sse.Store(dst + 3 * dstStride, Sse.MoveHighToLow(t3, t2));
    }

    /// <summary>
    /// dst[k·dstStride + r] = src[r·srcStride + k] for r &lt; rows, k &lt; count: gathers <paramref name="rows"/>
    /// strided rows into interleaved form, eight by eight where it can, element by element at the edges.
    /// </summary>
    public static void Interleave(float* src, long srcStride, int rows, int count, float* dst, int dstStride)
    {
        int r = 0;
        if (IsSupported)
        {
            for (; r + 8 <= rows; r += 8)
            {
                int k = 0;
                for (; k + 8 <= count; k += 8)
                {
                    Transpose8x8(src + r * srcStride + k, srcStride, dst + (long)k * dstStride + r, dstStride);
                }
                for (; k < count; k++)
                {
                    for (int i = r; i < r + 8; i++)
                    {
                        dst[(long)k * dstStride + i] = src[i * srcStride + k];
                    }
                }
            }
        }
        if (Sse.IsSupported)
        {
            // PERF: MR = 12 leaves 4 rows after the 8-row blocks; element by element they took as long as the other 8.
            for (; r + 4 <= rows; r += 4)
            {
                int k = 0;
                for (; k + 4 <= count; k += 4)
                {
                    Transpose4x4(src + r * srcStride + k, srcStride, dst + (long)k * dstStride + r, dstStride);
                }
                for (; k < count; k++)
                {
                    for (int i = r; i < r + 4; i++)
                    {
                        dst[(long)k * dstStride + i] = src[i * srcStride + k];
                    }
                }
            }
        }
        for (; r < rows; r++)
        {
            float* s = src + r * srcStride;
            float* d = dst + r;
            for (int k = 0; k < count; k++)
            {
                d[(long)k * dstStride] = s[k];
            }
        }
    }
}
