using System.Numerics;

namespace Trellis.Kernels.Elementwise;

/// <summary>Drives a binary function over broadcast operands, row by row, with the fast span forms where they apply.</summary>
internal static class BinaryKernel
{
    public static void Run<T, TFunc>(TFunc f, BroadcastLayout layout, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, bool reference)
        where T : unmanaged, INumber<T>
        where TFunc : struct, IBinaryFunction
    {
        int n = layout.Inner;
        for (int r = 0; r < layout.AOffsets.Length; r++)
        {
            int ao = layout.AOffsets[r], bo = layout.BOffsets[r];
            Span<T> yRow = y.Slice(r * n, n);
            if (!reference)
            {
                bool done = (layout.AInnerStride, layout.BInnerStride) switch
                {
                    (1, 1) => f.Fast(a.Slice(ao, n), b.Slice(bo, n), yRow),
                    (1, 0) => f.Fast(a.Slice(ao, n), b[bo], yRow),
                    (0, 1) => f.Fast(a[ao], b.Slice(bo, n), yRow),
                    _ => false,
                };
                if (done)
                {
                    continue;
                }
            }
            int sa = layout.AInnerStride, sb = layout.BInnerStride;
            for (int i = 0; i < n; i++)
            {
                yRow[i] = f.Apply(a[ao + i * sa], b[bo + i * sb]);
            }
        }
    }

    public static void Compare<T, TCmp>(TCmp c, BroadcastLayout layout, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<bool> y)
        where T : unmanaged, INumber<T>
        where TCmp : struct, IComparison
    {
        int n = layout.Inner, sa = layout.AInnerStride, sb = layout.BInnerStride;
        for (int r = 0; r < layout.AOffsets.Length; r++)
        {
            int ao = layout.AOffsets[r], bo = layout.BOffsets[r];
            Span<bool> yRow = y.Slice(r * n, n);
            for (int i = 0; i < n; i++)
            {
                yRow[i] = c.Apply(a[ao + i * sa], b[bo + i * sb]);
            }
        }
    }
}
