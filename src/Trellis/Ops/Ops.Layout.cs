using Trellis.Internal;
using Trellis.Operations;

namespace Trellis;

public static partial class Ops
{
    /// <summary>Permutes the axes of x (NumPy's transpose): output axis k is input axis perm[k].</summary>
    /// <param name="x">Input of any dtype and rank.</param>
    /// <param name="perm">A permutation of 0..rank-1 (negative entries count from the end); null reverses the axes.</param>
    /// <returns>Shape (x.shape[perm[0]], ..., x.shape[perm[n-1]]), x's dtype.</returns>
    /// <exception cref="ArgumentException"><paramref name="perm"/> is not a permutation of x's axes.</exception>
    public static Tensor Transpose(Tensor x, int[]? perm = null) => OpDispatcher.Run(new TransposeOp(perm?.ToArray()), x);

    /// <summary>Alias of <see cref="Transpose"/> with an explicit permutation.</summary>
    /// <param name="x">Input of any dtype and rank.</param>
    /// <param name="perm">A permutation of 0..rank-1.</param>
    /// <returns>x with its axes permuted.</returns>
    /// <exception cref="ArgumentException"><paramref name="perm"/> is not a permutation of x's axes.</exception>
    public static Tensor Permute(Tensor x, int[] perm)
    {
        ArgumentNullException.ThrowIfNull(perm);
        return Transpose(x, perm);
    }

    /// <summary>Inserts an axis of size 1 at <paramref name="axis"/> (NumPy's expand_dims).</summary>
    /// <param name="x">Input of shape (d0, ..., dn-1).</param>
    /// <param name="axis">Position of the new axis in the result: -rank-1..rank.</param>
    /// <returns>Rank n+1, same elements and dtype.</returns>
    /// <exception cref="ArgumentException"><paramref name="axis"/> is out of range.</exception>
    public static Tensor ExpandDims(Tensor x, int axis) => OpDispatcher.Run(new ExpandDimsOp(axis), x);

    /// <summary>Removes axes of size 1: the listed ones, or every one when <paramref name="axes"/> is null.</summary>
    /// <param name="x">Input.</param>
    /// <param name="axes">Axes to remove (negative counts from the end); each must have size 1.</param>
    /// <returns>The same elements with fewer axes, x's dtype.</returns>
    /// <exception cref="ArgumentException">An axis is out of range, repeated, or not of size 1.</exception>
    public static Tensor Squeeze(Tensor x, int[]? axes = null) => OpDispatcher.Run(new SqueezeOp(axes?.ToArray()), x);

    /// <summary>Removes one axis of size 1.</summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">The axis to remove; it must have size 1.</param>
    /// <returns>The same elements with one axis fewer.</returns>
    /// <exception cref="ArgumentException">The axis is out of range or not of size 1.</exception>
    public static Tensor Squeeze(Tensor x, int axis) => Squeeze(x, [axis]);

    /// <summary>Joins tensors along an existing axis (NumPy's concatenate).</summary>
    /// <param name="xs">One or more tensors of one dtype and rank whose shapes agree except along <paramref name="axis"/>.</param>
    /// <param name="axis">The axis to join along; negative counts from the end.</param>
    /// <returns>The shape of the inputs with the sizes along axis added up.</returns>
    /// <exception cref="ArgumentException">No tensors, scalars, or mismatched dtypes, ranks or shapes.</exception>
    public static Tensor Concat(Tensor[] xs, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(xs);
        return OpDispatcher.Run(new ConcatOp(axis), xs);
    }

    /// <summary>Joins same-shaped tensors along a new axis (NumPy's stack).</summary>
    /// <param name="xs">One or more tensors of one shape (d0, ..., dn-1) and dtype.</param>
    /// <param name="axis">Position of the new axis in the result: -rank-1..rank.</param>
    /// <returns>Rank n+1 with xs.Length along <paramref name="axis"/>.</returns>
    /// <exception cref="ArgumentException">No tensors, mismatched shapes or dtypes, or axis out of range.</exception>
    public static Tensor Stack(Tensor[] xs, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(xs);
        return OpDispatcher.Run(new StackOp(axis), xs);
    }

    /// <summary>Splits x into <paramref name="numSplits"/> equal parts along <paramref name="axis"/> (tf.split with a count).</summary>
    /// <param name="x">Input of rank 1 or more.</param>
    /// <param name="numSplits">Number of parts; must divide the size of the axis.</param>
    /// <param name="axis">The axis to split; negative counts from the end.</param>
    /// <returns>numSplits tensors, each a <see cref="Slice"/> of x.</returns>
    /// <exception cref="ArgumentException">The axis is out of range or its size is not a multiple of numSplits.</exception>
    public static Tensor[] Split(Tensor x, int numSplits, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        var spec = new TensorSpec(x.Shape, x.DType);
        int a = LayoutChecks.Axis("Split", axis, spec);
        int d = x.Shape.Dims[a];
        if (numSplits <= 0 || d == Shape.Unknown || d % numSplits != 0)
        {
            ThrowHelper.Argument($"Split: cannot split axis {a} (size {(d == Shape.Unknown ? "unknown" : d)}) of the input {spec} into {numSplits} equal parts; expected a positive count that divides the size. Pass a sizes array for unequal parts.");
        }
        var sizes = new int[numSplits];
        Array.Fill(sizes, d / numSplits);
        return SplitBySizes(x, sizes, a);
    }

    /// <summary>Splits x into parts of the given sizes along <paramref name="axis"/> (tf.split with sizes).</summary>
    /// <param name="x">Input of rank 1 or more.</param>
    /// <param name="sizes">Part sizes summing to the size of the axis; one entry may be -1 (the rest).</param>
    /// <param name="axis">The axis to split; negative counts from the end.</param>
    /// <returns>sizes.Length tensors, each a <see cref="Slice"/> of x.</returns>
    /// <exception cref="ArgumentException">The sizes do not add up to the axis size, or the axis is out of range.</exception>
    public static Tensor[] Split(Tensor x, int[] sizes, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(sizes);
        var spec = new TensorSpec(x.Shape, x.DType);
        int a = LayoutChecks.Axis("Split", axis, spec);
        int d = x.Shape.Dims[a];
        int[] resolved = sizes.ToArray();
        int unknownAt = -1;
        long known = 0;
        string fail = $"Split: sizes {LayoutChecks.Ints(sizes)} do not split axis {a} (size {(d == Shape.Unknown ? "unknown" : d)}) of the input {spec}; expected non-negative sizes summing to the axis size, with at most one -1.";
        for (int i = 0; i < resolved.Length; i++)
        {
            if (resolved[i] == -1 && unknownAt < 0)
            {
                unknownAt = i;
            }
            else if (resolved[i] < 0)
            {
                ThrowHelper.Argument(fail);
            }
            else
            {
                known += resolved[i];
            }
        }
        if (d == Shape.Unknown || (unknownAt >= 0 ? known > d : known != d))
        {
            ThrowHelper.Argument(fail);
        }
        if (unknownAt >= 0)
        {
            resolved[unknownAt] = d - (int)known;
        }
        return SplitBySizes(x, resolved, a);
    }

    private static Tensor[] SplitBySizes(Tensor x, int[] sizes, int axis)
    {
        var parts = new Tensor[sizes.Length];
        var begin = new int[x.Rank];
        int[] size = x.Shape.ToArray();
        for (int i = 0; i < sizes.Length; i++)
        {
            size[axis] = sizes[i];
            parts[i] = Slice(x, begin, size);
            begin[axis] += sizes[i];
        }
        return parts;
    }

    /// <summary>The box of <paramref name="size"/> elements starting at <paramref name="begin"/> (tf.slice).</summary>
    /// <param name="x">Input.</param>
    /// <param name="begin">First index per axis, 0..size of that axis.</param>
    /// <param name="size">Count per axis; -1 takes the rest of the axis.</param>
    /// <returns>Shape <paramref name="size"/> (with -1 resolved), x's dtype.</returns>
    /// <exception cref="ArgumentException">The arrays do not have one entry per axis, or the box does not fit in x.</exception>
    public static Tensor Slice(Tensor x, int[] begin, int[] size)
    {
        ArgumentNullException.ThrowIfNull(begin);
        ArgumentNullException.ThrowIfNull(size);
        return OpDispatcher.Run(new SliceOp(begin.ToArray(), size.ToArray()), x);
    }

    /// <summary>NumPy basic slicing <c>x[b0:e0:s0, b1:e1:s1, ...]</c>, steps included (tf.strided_slice).</summary>
    /// <param name="x">Input.</param>
    /// <param name="begin">Start per axis; negative counts from the end; out-of-range values clamp as in Python.</param>
    /// <param name="end">Stop (exclusive) per axis, same rules; for a reversed slice down to index 0 use int.MinValue or set the endMask bit.</param>
    /// <param name="strides">Step per axis, non-zero, negative to reverse; all 1 when null.</param>
    /// <param name="beginMask">Bit k set: ignore begin[k] and start at the first element in step order (Python's <c>x[:e]</c>).</param>
    /// <param name="endMask">Bit k set: ignore end[k] and run to the last element in step order (Python's <c>x[b:]</c>).</param>
    /// <returns>The selected elements, x's dtype; axes beyond the arrays' length are kept whole.</returns>
    /// <exception cref="ArgumentException">The arrays differ in length or exceed the rank, or a step is 0.</exception>
    public static Tensor StridedSlice(Tensor x, int[] begin, int[] end, int[]? strides = null, int beginMask = 0, int endMask = 0)
    {
        ArgumentNullException.ThrowIfNull(begin);
        ArgumentNullException.ThrowIfNull(end);
        int[] steps = strides?.ToArray() ?? Enumerable.Repeat(1, begin.Length).ToArray();
        return OpDispatcher.Run(new StridedSliceOp(new StridedSliceSpec(begin.ToArray(), end.ToArray(), steps, beginMask, endMask)), x);
    }

    /// <summary>Picks slices of x along <paramref name="axis"/> by index (tf.gather).</summary>
    /// <param name="x">The tensor to gather from, any dtype, rank 1 or more.</param>
    /// <param name="indices">int32 or int64 indices of any shape, each in 0..x.shape[axis]-1.</param>
    /// <param name="axis">The axis indexed; negative counts from the end.</param>
    /// <returns>Shape x.shape[:axis] + indices.shape + x.shape[axis+1:], x's dtype.</returns>
    /// <exception cref="ArgumentException">Indices are not integers or out of range, or the axis is out of range.</exception>
    public static Tensor Gather(Tensor x, Tensor indices, int axis = 0) => OpDispatcher.Run(new GatherOp(axis), x, indices);

    /// <summary>Sums the slices of <paramref name="data"/> that share a segment id (tf.math.unsorted_segment_sum).</summary>
    /// <param name="data">Data of shape segmentIds.shape + rest: float32, float64, int32 or int64.</param>
    /// <param name="segmentIds">int32 or int64 ids, each in 0..numSegments-1.</param>
    /// <param name="numSegments">Number of output rows.</param>
    /// <returns>Shape (numSegments,) + rest; rows with no id are zero.</returns>
    /// <exception cref="ArgumentException">Shapes do not match, an id is out of range, or numSegments is negative.</exception>
    public static Tensor UnsortedSegmentSum(Tensor data, Tensor segmentIds, int numSegments)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(segmentIds);
        int k = segmentIds.Rank;
        if (numSegments < 0 || k > data.Rank || !data.Shape.Dims[..k].SequenceEqual(segmentIds.Shape.Dims))
        {
            ThrowHelper.Argument($"UnsortedSegmentSum: data {data.DType.Name()}{data.Shape} and segment ids {segmentIds.DType.Name()}{segmentIds.Shape} with {numSegments} segments do not fit; expected the ids' shape to be a prefix of the data's shape and numSegments >= 0.");
        }
        int[] outDims = [numSegments, .. data.Shape.Dims[k..]];
        return OpDispatcher.Run(new GatherGradOp(new Shape(outDims), 0, "UnsortedSegmentSum"), data, segmentIds);
    }

    /// <summary>One-hot encoding (tf.one_hot): a new axis of <paramref name="depth"/> with onValue at each index.</summary>
    /// <param name="indices">int32, int64 or uint8 indices; values outside 0..depth-1 give a row of offValue.</param>
    /// <param name="depth">Size of the new axis.</param>
    /// <param name="onValue">Value where the index matches.</param>
    /// <param name="offValue">Value elsewhere.</param>
    /// <param name="dtype">Output dtype.</param>
    /// <param name="axis">Position of the new axis in the result: -rank-1..rank; -1 appends it.</param>
    /// <returns>indices.shape with depth inserted at axis, of <paramref name="dtype"/>.</returns>
    /// <exception cref="ArgumentException">Indices are not integers, depth is negative, or axis is out of range.</exception>
    public static Tensor OneHot(Tensor indices, int depth, double onValue = 1, double offValue = 0, DType dtype = DType.Float32, int axis = -1) =>
        OpDispatcher.Run(new OneHotOp(depth, onValue, offValue, dtype, axis), indices);

    /// <summary>Pads x with a constant (tf.pad, constant mode).</summary>
    /// <param name="x">Input.</param>
    /// <param name="paddings">Shape (rank, 2): elements before and after each axis, non-negative.</param>
    /// <param name="constant">The fill value, converted to x's dtype.</param>
    /// <returns>Shape x.shape[k] + before[k] + after[k] per axis, x's dtype.</returns>
    /// <exception cref="ArgumentException">paddings is not (rank, 2) or has a negative entry.</exception>
    public static Tensor Pad(Tensor x, int[,] paddings, double constant = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(paddings);
        if (paddings.GetLength(1) != 2)
        {
            ThrowHelper.Argument($"Pad: paddings must have shape (rank, 2), but received ({paddings.GetLength(0)}, {paddings.GetLength(1)}) for the input {x.DType.Name()}{x.Shape}.");
        }
        var pairs = new (int Before, int After)[paddings.GetLength(0)];
        for (int k = 0; k < pairs.Length; k++)
        {
            pairs[k] = (paddings[k, 0], paddings[k, 1]);
        }
        return Pad(x, pairs, constant);
    }

    /// <summary>Pads x with a constant, one (before, after) pair per axis.</summary>
    /// <param name="x">Input.</param>
    /// <param name="paddings">Elements before and after each axis, non-negative.</param>
    /// <param name="constant">The fill value, converted to x's dtype.</param>
    /// <returns>Shape x.shape[k] + before + after per axis, x's dtype.</returns>
    /// <exception cref="ArgumentException">paddings does not have one pair per axis or has a negative entry.</exception>
    public static Tensor Pad(Tensor x, (int Before, int After)[] paddings, double constant = 0)
    {
        ArgumentNullException.ThrowIfNull(paddings);
        int[] before = paddings.Select(p => p.Before).ToArray();
        int[] after = paddings.Select(p => p.After).ToArray();
        return OpDispatcher.Run(new PadOp(before, after, constant), x);
    }

    /// <summary>Repeats x <paramref name="multiples"/>[k] times along axis k (tf.tile).</summary>
    /// <param name="x">Input.</param>
    /// <param name="multiples">Non-negative repeat count per axis.</param>
    /// <returns>Shape x.shape[k]·multiples[k] per axis, x's dtype.</returns>
    /// <exception cref="ArgumentException">multiples does not have one entry per axis or has a negative entry.</exception>
    public static Tensor Tile(Tensor x, int[] multiples)
    {
        ArgumentNullException.ThrowIfNull(multiples);
        return OpDispatcher.Run(new TileOp(multiples.ToArray()), x);
    }
}
