using System.Globalization;
using Trellis.Internal;

namespace Trellis.Operations;

/// <summary>Shared validation for the layout ops; every message names the op, what it received and what it expected.</summary>
internal static class LayoutChecks
{
    /// <summary>Normalizes an existing axis (-rank..rank-1).</summary>
    public static int Axis(string op, int axis, TensorSpec x)
    {
        int rank = x.Shape.Rank;
        if (axis < -rank || axis >= rank)
        {
            ThrowHelper.Argument(rank == 0
                ? $"{op}: the input {x} is a scalar, which has no axis {axis}; expected a tensor of rank 1 or more."
                : $"{op}: axis {axis} is out of range for the input {x} of rank {rank}; expected an axis in {-rank}..{rank - 1}.");
        }
        return axis < 0 ? axis + rank : axis;
    }

    /// <summary>Normalizes the position of a new axis inserted into a tensor of <paramref name="rank"/> (-rank-1..rank).</summary>
    public static int NewAxis(string op, int axis, int rank, string received)
    {
        if (axis < -rank - 1 || axis > rank)
        {
            ThrowHelper.Argument($"{op}: axis {axis} is out of range for inserting a new axis into {received} of rank {rank}; expected an axis in {-rank - 1}..{rank}.");
        }
        return axis < 0 ? axis + rank + 1 : axis;
    }

    /// <summary>Throws unless the list has one entry per axis.</summary>
    public static void OnePerAxis(string op, string what, ReadOnlySpan<int> values, TensorSpec x)
    {
        if (values.Length != x.Shape.Rank)
        {
            ThrowHelper.Argument($"{op}: {what} {Ints(values)} has {values.Length} entries but the input {x} has rank {x.Shape.Rank}; expected one entry per axis.");
        }
    }

    /// <summary>Python-style list text: <c>[1, -1]</c>.</summary>
    public static string Ints(ReadOnlySpan<int> values)
    {
        var parts = new string[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            parts[i] = values[i].ToString(CultureInfo.InvariantCulture);
        }
        return "[" + string.Join(", ", parts) + "]";
    }

    /// <summary>dims with a new axis of <paramref name="size"/> inserted at <paramref name="axis"/>.</summary>
    public static Shape Insert(Shape shape, int axis, int size)
    {
        var dims = new List<int>(shape.ToArray());
        dims.Insert(axis, size);
        return new Shape([.. dims]);
    }
}
