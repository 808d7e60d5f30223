namespace Trellis.Kernels.Layout;

/// <summary>Flat row-major offsets to and from full indices.</summary>
internal static class LayoutIndex
{
    /// <summary>Writes the full index of flat offset <paramref name="flat"/> in a tensor of <paramref name="dims"/>.</summary>
    public static void Unravel(int flat, ReadOnlySpan<int> dims, Span<int> index)
    {
        for (int k = dims.Length - 1; k >= 0; k--)
        {
            index[k] = flat % dims[k];
            flat /= dims[k];
        }
    }

    /// <summary>The flat offset of a full index.</summary>
    public static int Ravel(ReadOnlySpan<int> index, ReadOnlySpan<int> dims)
    {
        int flat = 0;
        for (int k = 0; k < dims.Length; k++)
        {
            flat = flat * dims[k] + index[k];
        }
        return flat;
    }

    /// <summary>Row-major strides in elements.</summary>
    public static int[] Strides(ReadOnlySpan<int> dims)
    {
        var s = new int[dims.Length];
        int acc = 1;
        for (int k = dims.Length - 1; k >= 0; k--)
        {
            s[k] = acc;
            acc *= dims[k];
        }
        return s;
    }

    /// <summary>The product of dims[from..to).</summary>
    public static int Product(ReadOnlySpan<int> dims, int from, int to)
    {
        int n = 1;
        for (int k = from; k < to; k++)
        {
            n *= dims[k];
        }
        return n;
    }
}
