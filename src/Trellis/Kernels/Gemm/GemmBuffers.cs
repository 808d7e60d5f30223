using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Trellis.Kernels.Gemm;

/// <summary>Per-thread packing buffers, kept between calls: reallocating (and page-faulting) megabytes per GEMM would cost more than small GEMMs take.</summary>
/// <typeparam name="T">float or double.</typeparam>
internal static unsafe class GemmBuffers<T>
    where T : unmanaged
{
    private const int Alignment = 64; // one cache line; full-width AVX-512 loads never split.

    [ThreadStatic]
    private static T[]? t_a;

    [ThreadStatic]
    private static T[]? t_b;

    /// <summary>A 64-byte aligned buffer of at least <paramref name="length"/> elements for packed A. Valid until this thread asks again.</summary>
    public static T* A(int length) => Get(ref t_a, length);

    /// <summary>A 64-byte aligned buffer of at least <paramref name="length"/> elements for packed B.</summary>
    public static T* B(int length) => Get(ref t_b, length);

    private static T* Get(ref T[]? cache, int length)
    {
        int pad = Alignment / sizeof(T);
        if (cache is null || cache.Length < length + pad)
        {
            // Pinned (pinned object heap), so the raw pointer stays valid.
            cache = GC.AllocateUninitializedArray<T>(length + pad, pinned: true);
        }
        nint p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(cache));
        return (T*)((p + Alignment - 1) & ~(nint)(Alignment - 1));
    }
}
