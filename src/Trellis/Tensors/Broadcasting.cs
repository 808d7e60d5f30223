namespace Trellis.Tensors;

/// <summary>NumPy broadcasting rules for shapes.</summary>
internal static class Broadcasting
{
    /// <summary>The broadcast shape of a and b, or an error naming the op and both shapes.</summary>
    /// <exception cref="ArgumentException">The shapes are incompatible.</exception>
    public static Shape Shapes(Shape a, Shape b, string op)
    {
        if (a == b)
        {
            return a;
        }
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Rank ? 1 : a.Dims[i - (rank - a.Rank)];
            int db = i < rank - b.Rank ? 1 : b.Dims[i - (rank - b.Rank)];
            if (da == db || db == 1)
            {
                dims[i] = da;
            }
            else if (da == 1)
            {
                dims[i] = db;
            }
            else if (da == Shape.Unknown || db == Shape.Unknown)
            {
                dims[i] = da == Shape.Unknown ? db : da;
            }
            else
            {
                throw new ArgumentException(
                    $"{op}: shapes {a} and {b} cannot be broadcast together: axis {i} has sizes {da} and {db}. " +
                    "Each axis must match or be 1 (aligned from the right); reshape or expand one operand.");
            }
        }
        return new Shape(dims);
    }

    /// <summary>The axes of <paramref name="full"/> along which a tensor of <paramref name="shape"/> was broadcast.</summary>
    public static int[] ReducedAxes(Shape full, Shape shape)
    {
        var axes = new List<int>();
        int offset = full.Rank - shape.Rank;
        for (int i = 0; i < full.Rank; i++)
        {
            if (i < offset || (shape.Dims[i - offset] == 1 && full.Dims[i] != 1))
            {
                axes.Add(i);
            }
        }
        return [.. axes];
    }
}
