using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Trellis.Kernels.Losses;

/// <summary>
/// Rows of at most 16 floats (a classifier's classes), back to back in a buffer, moved one Vector512 per row: whole
/// vectors while 16 values remain in the buffer, a copy through 16 floats of scratch for the last rows.
/// </summary>
internal static unsafe class NarrowRows
{
    /// <summary>Lanes [0, width) set, the rest clear.</summary>
    public static Vector512<float> Mask(int width) => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(width)).AsSingle();

    /// <summary>The row at <paramref name="offset"/> of a buffer of <paramref name="length"/> floats, lanes outside <paramref name="valid"/> set to <paramref name="fill"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(float* buffer, long offset, long length, int width, Vector512<float> valid, float fill, float* scratch)
    {
        Vector512<float> v;
        if (offset + 16 <= length)
        {
            v = Vector512.Load(buffer + offset);
        }
        else
        {
            new ReadOnlySpan<float>(buffer + offset, width).CopyTo(new Span<float>(scratch, 16));
            v = Vector512.Load(scratch);
        }
        return Vector512.ConditionalSelect(valid, v, Vector512.Create(fill));
    }

    /// <summary>
    /// Writes a row's <paramref name="width"/> values; whole-vector when 16 values remain, so the lanes past the row
    /// land on the next row, which must be written after this one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> v, float* buffer, long offset, long length, int width, float* scratch)
    {
        if (offset + 16 <= length)
        {
            v.Store(buffer + offset);
            return;
        }
        v.Store(scratch);
        new ReadOnlySpan<float>(scratch, width).CopyTo(new Span<float>(buffer + offset, width));
    }
}
