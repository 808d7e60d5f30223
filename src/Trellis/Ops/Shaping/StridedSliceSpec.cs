using Trellis.Internal;

namespace Trellis.Operations;

/// <summary>
/// NumPy slicing <c>x[b0:e0:s0, b1:e1:s1, ...]</c> as arrays; axes past the arrays' length are taken whole. A set bit
/// k of <see cref="BeginMask"/>/<see cref="EndMask"/> leaves begin/end k out (<c>x[:e]</c>, <c>x[b:]</c>), as in TensorFlow.
/// </summary>
internal sealed record StridedSliceSpec(int[] Begin, int[] End, int[] Strides, int BeginMask, int EndMask)
{
    public override string ToString() =>
        $"begin={LayoutChecks.Ints(Begin)}, end={LayoutChecks.Ints(End)}, strides={LayoutChecks.Ints(Strides)}, beginMask={BeginMask}, endMask={EndMask}";

    /// <summary>
    /// Per axis of <paramref name="x"/>: the first index, the step and the element count, with Python's rules
    /// (negative indices count from the end, then clamp to 0..d for positive steps or -1..d-1 for negative ones).
    /// Unknown dimensions give an unknown count.
    /// </summary>
    public (int[] Start, int[] Step, int[] Count) Resolve(string op, TensorSpec x)
    {
        int rank = x.Shape.Rank;
        if (Begin.Length != End.Length || Begin.Length != Strides.Length)
        {
            ThrowHelper.Argument($"{op}: begin {LayoutChecks.Ints(Begin)}, end {LayoutChecks.Ints(End)} and strides {LayoutChecks.Ints(Strides)} must have the same length.");
        }
        if (Begin.Length > rank)
        {
            ThrowHelper.Argument($"{op}: begin {LayoutChecks.Ints(Begin)} has {Begin.Length} entries but the input {x} has rank {rank}; expected at most one entry per axis.");
        }
        var start = new int[rank];
        var step = new int[rank];
        var count = new int[rank];
        for (int k = 0; k < rank; k++)
        {
            int d = x.Shape.Dims[k];
            int s = k < Strides.Length ? Strides[k] : 1;
            if (s == 0)
            {
                ThrowHelper.Argument($"{op}: strides {LayoutChecks.Ints(Strides)} has 0 on axis {k} for the input {x}; expected non-zero steps.");
            }
            step[k] = s;
            if (d == Shape.Unknown)
            {
                count[k] = Shape.Unknown;
                continue;
            }
            bool wholeBegin = k >= Begin.Length || (BeginMask & (1 << k)) != 0;
            bool wholeEnd = k >= Begin.Length || (EndMask & (1 << k)) != 0;
            int b = wholeBegin ? (s > 0 ? 0 : d - 1) : Clamp(Begin[k], d, s);
            int e = wholeEnd ? (s > 0 ? d : -1) : Clamp(End[k], d, s);
            start[k] = b;
            long n = s > 0 ? ((long)e - b + s - 1) / s : ((long)b - e - s - 1) / -s;
            count[k] = (int)Math.Max(0, n);
        }
        return (start, step, count);
    }

    private static int Clamp(int index, int d, int step)
    {
        long i = index < 0 ? (long)index + d : index;
        return step > 0 ? (int)Math.Clamp(i, 0, d) : (int)Math.Clamp(i, -1, d - 1);
    }
}
