using Trellis.Internal;
using Trellis.Kernels.Layout;

namespace Trellis.Operations;

/// <summary>Joins tensors along an existing axis. Gradient: each input gets its band of the upstream (a slice).</summary>
internal sealed class ConcatOp(int axis) : Op
{
    public override object?[] ConstructorArguments => [Axis];

    public int Axis { get; } = axis;
    public override string Name => "Concat";
    public override string AttributeText => $"axis={Axis}";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (inputs.Length == 0)
        {
            ThrowHelper.Argument("Concat: expected at least one tensor, but received none.");
        }
        TensorSpec first = inputs[0];
        if (first.Shape.Rank == 0)
        {
            ThrowHelper.Argument($"Concat: cannot concatenate scalars, but received {first}; expected tensors of rank 1 or more. Use Ops.Stack to join scalars into a vector.");
        }
        int a = LayoutChecks.Axis(Name, Axis, first);
        int[] dims = first.Shape.ToArray();
        foreach (TensorSpec x in inputs[1..])
        {
            if (x.DType != first.DType)
            {
                ThrowHelper.Argument($"Concat: all inputs must have the same dtype, but received {first} and {x}. Convert with Ops.Cast first.");
            }
            if (x.Shape.Rank != first.Shape.Rank)
            {
                ThrowHelper.Argument($"Concat: all inputs must have the same rank, but received {first.Shape} and {x.Shape}.");
            }
            for (int k = 0; k < dims.Length; k++)
            {
                int d = x.Shape.Dims[k];
                if (k == a)
                {
                    dims[k] = dims[k] == Shape.Unknown || d == Shape.Unknown ? Shape.Unknown : dims[k] + d;
                }
                else if (d != first.Shape.Dims[k] && d != Shape.Unknown && first.Shape.Dims[k] != Shape.Unknown)
                {
                    ThrowHelper.Argument($"Concat: all inputs must have the same shape except along axis {a}, but received {first.Shape} and {x.Shape}.");
                }
            }
        }
        return new TensorSpec(new Shape(dims), first.DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        int a = output.Shape.NormalizeAxis(Axis);
        int es = output.DType.SizeInBytes();
        bool reference = KernelMode.UseReference;
        int offset = 0;
        foreach (Tensor x in inputs)
        {
            LayoutKernels.ConcatInto(x.BytesView(), x.Shape.Dims, a, offset, output.BytesView(), output.Shape.Dims, es, reference);
            offset += x.Shape.Dims[a];
        }
    }

    public override Tensor?[] Gradient(GradientContext g)
    {
        int a = g.Output.Shape.NormalizeAxis(Axis);
        if (g.Inputs.Any(x => x.Shape.Dims[a] == Shape.Unknown))
        {
            return BandsFromEnds(g, a);
        }
        var grads = new Tensor?[g.Inputs.Length];
        int offset = 0;
        for (int i = 0; i < g.Inputs.Length; i++)
        {
            Shape s = g.Inputs[i].Shape;
            var begin = new int[s.Rank];
            begin[a] = offset;
            grads[i] = Ops.Slice(g.Upstream, begin, s.ToArray());
            offset += s.Dims[a];
        }
        return grads;
    }
    /// <summary>
    /// With unknown sizes on the joined axis a band's offset is not a constant, so each band is addressed from the end
    /// that has only known sizes (a strided slice with negative bounds). That needs, for every input, all the inputs
    /// before it or all after it to have known sizes: true when at most one input's size is unknown (a batch joined
    /// with fixed rows), the common case.
    /// </summary>
    private static Tensor?[] BandsFromEnds(GradientContext g, int a)
    {
        int n = g.Inputs.Length;
        var grads = new Tensor?[n];
        for (int i = 0; i < n; i++)
        {
            int before = 0, after = 0;
            bool beforeKnown = true, afterKnown = true;
            for (int j = 0; j < n; j++)
            {
                int d = g.Inputs[j].Shape.Dims[a];
                if (j < i)
                {
                    beforeKnown &= d != Shape.Unknown;
                    before += d;
                }
                else if (j > i)
                {
                    afterKnown &= d != Shape.Unknown;
                    after += d;
                }
            }
            int own = g.Inputs[i].Shape.Dims[a];
            int begin;
            if (beforeKnown)
            {
                begin = before;
            }
            else if (afterKnown && own != Shape.Unknown)
            {
                begin = -(own + after);
            }
            else
            {
                throw new NotSupportedException(
                    $"Concat gradient: the band of input {i} along axis {a} cannot be located at trace time: more than one input has an unknown size on that axis " +
                    $"({string.Join(", ", g.Inputs.Select(x => x.Shape.ToString()))}). Give all but one of them a known size in the input signature.");
            }
            if (!afterKnown && !(beforeKnown && own != Shape.Unknown))
            {
                throw new NotSupportedException(
                    $"Concat gradient: the band of input {i} along axis {a} cannot be located at trace time ({string.Join(", ", g.Inputs.Select(x => x.Shape.ToString()))}). Give all but one input a known size on that axis.");
            }
            var starts = new int[a + 1];
            var ends = new int[a + 1];
            int beginMask = (1 << a) - 1, endMask = (1 << a) - 1; // axes before the joined one: whole
            starts[a] = begin;
            if (afterKnown)
            {
                ends[a] = -after;
                endMask |= after == 0 ? 1 << a : 0;
            }
            else
            {
                ends[a] = before + own; // before and own are known here
            }
            if (begin == 0)
            {
                beginMask |= 1 << a;
            }
            grads[i] = Ops.StridedSlice(g.Upstream, starts, ends, null, beginMask, endMask);
        }
        return grads;
    }
}
