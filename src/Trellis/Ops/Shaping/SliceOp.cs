using Trellis.Internal;
using Trellis.Kernels.Layout;

namespace Trellis.Operations;

/// <summary>
/// The box of <see cref="Size"/> elements starting at <see cref="Begin"/> (TensorFlow's tf.slice; size -1 means to the
/// end of that axis). Gradient: the upstream padded with zeros back to the input's shape.
/// </summary>
internal sealed class SliceOp(int[] begin, int[] size) : Op
{
    public override object?[] ConstructorArguments => [Begin, Size];

    public int[] Begin { get; } = begin;
    public int[] Size { get; } = size;
    public override string Name => "Slice";
    public override string AttributeText => $"begin={LayoutChecks.Ints(Begin)}, size={LayoutChecks.Ints(Size)}";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0];
        LayoutChecks.OnePerAxis(Name, "begin", Begin, x);
        LayoutChecks.OnePerAxis(Name, "size", Size, x);
        var dims = new int[Begin.Length];
        for (int k = 0; k < dims.Length; k++)
        {
            int d = x.Shape.Dims[k], b = Begin[k], s = Size[k];
            string where = $"Slice: begin {LayoutChecks.Ints(Begin)} and size {LayoutChecks.Ints(Size)} do not fit the input {x}: on axis {k}";
            if (b < 0 || (d != Shape.Unknown && b > d))
            {
                ThrowHelper.Argument($"{where}, begin {b} is outside 0..{(d == Shape.Unknown ? "size" : d)}.");
            }
            if (s < -1 || (d != Shape.Unknown && s > d - b))
            {
                ThrowHelper.Argument($"{where}, size {s} is outside 0..{(d == Shape.Unknown ? "size - begin" : d - b)} (or -1 for the rest of the axis).");
            }
            dims[k] = s != -1 ? s : d == Shape.Unknown ? Shape.Unknown : d - b;
        }
        return new TensorSpec(new Shape(dims), x.DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0];
        var step = new int[x.Rank];
        Array.Fill(step, 1);
        LayoutKernels.StridedSlice(x.BytesView(), x.Shape.Dims, Begin, step, output.Shape.Dims, output.BytesView(), x.DType.SizeInBytes(), KernelMode.UseReference);
    }

    public override Tensor?[] Gradient(GradientContext g)
    {
        ReadOnlySpan<int> x = g.X.Shape.Dims, y = g.Output.Shape.Dims;
        var paddings = new (int Before, int After)[x.Length];
        for (int k = 0; k < x.Length; k++)
        {
            paddings[k] = (Begin[k], x[k] - Begin[k] - y[k]);
        }
        return [Ops.Pad(g.Upstream, paddings)];
    }
}
