using System.Globalization;
using Trellis.Internal;
using Trellis.Kernels.Layout;

namespace Trellis.Operations;

/// <summary>Surrounds the input with a constant: <see cref="Before"/>[k] elements before and <see cref="After"/>[k] after on axis k. Gradient: the inner slice.</summary>
internal sealed class PadOp(int[] before, int[] after, double constant) : Op
{
    public override object?[] ConstructorArguments => [Before, After, Constant];

    public int[] Before { get; } = before;
    public int[] After { get; } = after;
    public double Constant { get; } = constant;
    public override string Name => "Pad";

    public override string AttributeText =>
        $"before={LayoutChecks.Ints(Before)}, after={LayoutChecks.Ints(After)}, constant={Constant.ToString(CultureInfo.InvariantCulture)}";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0];
        if (Before.Length != x.Shape.Rank)
        {
            ThrowHelper.Argument($"Pad: paddings has {Before.Length} rows but the input {x} has rank {x.Shape.Rank}; expected one (before, after) pair per axis.");
        }
        var dims = new int[Before.Length];
        for (int k = 0; k < dims.Length; k++)
        {
            if (Before[k] < 0 || After[k] < 0)
            {
                ThrowHelper.Argument($"Pad: paddings must be non-negative, but axis {k} of the input {x} has ({Before[k]}, {After[k]}). Use Ops.Slice to remove elements.");
            }
            int d = x.Shape.Dims[k];
            dims[k] = d == Shape.Unknown ? Shape.Unknown : checked(d + Before[k] + After[k]);
        }
        return new TensorSpec(new Shape(dims), x.DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0];
        byte[] constant = Tensor.Scalar(Constant, x.DType).ToBytes();
        LayoutKernels.Pad(x.BytesView(), x.Shape.Dims, Before, output.Shape.Dims, constant, output.BytesView(), x.DType.SizeInBytes(), KernelMode.UseReference);
    }

    public override Tensor?[] Gradient(GradientContext g) => g.X.Shape.IsFullyDefined
        ? [Ops.Slice(g.Upstream, Before, g.X.Shape.ToArray())]
        : [InnerSliceFromEnds(g.Upstream)];

    /// <summary>
    /// The inner slice addressed from both ends (begin = before, end = -after), so it needs no input size: with unknown
    /// dimensions a size of -1 would mean "to the end" and keep the trailing padding.
    /// </summary>
    private Tensor InnerSliceFromEnds(Tensor upstream)
    {
        var end = new int[After.Length];
        int endMask = 0;
        for (int k = 0; k < After.Length; k++)
        {
            if (After[k] == 0)
            {
                endMask |= 1 << k;
            }
            end[k] = -After[k];
        }
        return Ops.StridedSlice(upstream, Before, end, null, 0, endMask);
    }
}
