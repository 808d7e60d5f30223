namespace Trellis.Kernels.Elementwise;

/// <summary>
/// The iteration plan for a broadcast binary op: the output is visited as rows of <see cref="Inner"/> elements;
/// row r starts at <see cref="AOffsets"/>[r] in a and <see cref="BOffsets"/>[r] in b, and moves by
/// <see cref="AInnerStride"/>/<see cref="BInnerStride"/> (1, or 0 when that operand is broadcast along the row).
/// Adjacent axes that step alike are merged first, so same-shape operands become one row.
/// </summary>
internal sealed class BroadcastLayout
{
    public required int Inner { get; init; }
    public required int AInnerStride { get; init; }
    public required int BInnerStride { get; init; }
    public required int[] AOffsets { get; init; }
    public required int[] BOffsets { get; init; }

    [ThreadStatic]
    private static CacheEntry[]? t_cache;

    [ThreadStatic]
    private static int t_next;

    private const int CacheSize = 64;

    private sealed record CacheEntry(int[] Out, int[] A, int[] B, BroadcastLayout Layout);

    /// <summary>
    /// Plans a broadcast of a (aDims) and b (bDims) into outDims (NumPy rules, already checked). Plans are cached per
    /// thread by shape (a layout is immutable), so a steady stream of the same shapes allocates nothing.
    /// </summary>
    public static BroadcastLayout Create(ReadOnlySpan<int> outDims, ReadOnlySpan<int> aDims, ReadOnlySpan<int> bDims)
    {
        var cache = t_cache ??= new CacheEntry[CacheSize];
        foreach (var entry in cache)
        {
            if (entry is not null && outDims.SequenceEqual(entry.Out) && aDims.SequenceEqual(entry.A) && bDims.SequenceEqual(entry.B))
            {
                return entry.Layout;
            }
        }
        var layout = Build(outDims, aDims, bDims);
        cache[t_next] = new CacheEntry(outDims.ToArray(), aDims.ToArray(), bDims.ToArray(), layout);
        t_next = (t_next + 1) % CacheSize; // round robin: the oldest plan makes room
        return layout;
    }

    private static BroadcastLayout Build(ReadOnlySpan<int> outDims, ReadOnlySpan<int> aDims, ReadOnlySpan<int> bDims)
    {
        int rank = outDims.Length;
        var shape = new List<int>(rank);
        var aS = new List<int>(rank);
        var bS = new List<int>(rank);
        int[] aStr = BroadcastStrides(outDims, aDims);
        int[] bStr = BroadcastStrides(outDims, bDims);
        for (int i = 0; i < rank; i++)
        {
            if (outDims[i] == 1)
            {
                continue; // size-1 axes do not move anything
            }
            int last = shape.Count - 1;
            // Merge axis i into the previous one when both operands step contiguously across the boundary.
            if (last >= 0 && aS[last] == aStr[i] * outDims[i] && bS[last] == bStr[i] * outDims[i])
            {
                shape[last] *= outDims[i];
                aS[last] = aStr[i];
                bS[last] = bStr[i];
            }
            else
            {
                shape.Add(outDims[i]);
                aS.Add(aStr[i]);
                bS.Add(bStr[i]);
            }
        }
        if (shape.Count == 0)
        {
            shape.Add(1);
            aS.Add(0);
            bS.Add(0);
        }
        int inner = shape[^1];
        int rows = 1;
        for (int i = 0; i < shape.Count - 1; i++)
        {
            rows *= shape[i];
        }
        var aOff = new int[rows];
        var bOff = new int[rows];
        var counter = new int[Math.Max(0, shape.Count - 1)];
        int ao = 0, bo = 0;
        for (int r = 0; r < rows; r++)
        {
            aOff[r] = ao;
            bOff[r] = bo;
            for (int ax = counter.Length - 1; ax >= 0; ax--)
            {
                counter[ax]++;
                ao += aS[ax];
                bo += bS[ax];
                if (counter[ax] < shape[ax])
                {
                    break;
                }
                ao -= aS[ax] * shape[ax];
                bo -= bS[ax] * shape[ax];
                counter[ax] = 0;
            }
        }
        return new BroadcastLayout { Inner = inner, AInnerStride = aS[^1], BInnerStride = bS[^1], AOffsets = aOff, BOffsets = bOff };
    }

    /// <summary>Strides of an operand aligned to the output's axes (0 on broadcast axes).</summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> outDims, ReadOnlySpan<int> dims)
    {
        int rank = outDims.Length;
        var strides = new int[rank];
        int acc = 1;
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            int outAxis = rank - dims.Length + i;
            strides[outAxis] = dims[i] == 1 ? 0 : acc;
            acc *= dims[i];
        }
        return strides;
    }
}
