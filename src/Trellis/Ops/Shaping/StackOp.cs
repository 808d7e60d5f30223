using Trellis.Internal;
using Trellis.Kernels.Layout;

namespace Trellis.Operations;

/// <summary>Joins same-shaped tensors along a new axis. Gradient: input i gets slice i of the upstream, reshaped back.</summary>
internal sealed class StackOp(int axis) : Op
{
    public override object?[] ConstructorArguments => [Axis];

    public int Axis { get; } = axis;
    public override string Name => "Stack";
    public override string AttributeText => $"axis={Axis}";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (inputs.Length == 0)
        {
            ThrowHelper.Argument("Stack: expected at least one tensor, but received none.");
        }
        TensorSpec first = inputs[0];
        foreach (TensorSpec x in inputs[1..])
        {
            if (x.DType != first.DType)
            {
                ThrowHelper.Argument($"Stack: all inputs must have the same dtype, but received {first} and {x}. Convert with Ops.Cast first.");
            }
            if (x.Shape != first.Shape)
            {
                ThrowHelper.Argument($"Stack: all inputs must have the same shape, but received {first.Shape} and {x.Shape}.");
            }
        }
        int a = LayoutChecks.NewAxis(Name, Axis, first.Shape.Rank, "inputs of shape " + first.Shape);
        return new TensorSpec(LayoutChecks.Insert(first.Shape, a, inputs.Length), first.DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        int a = output.Shape.NormalizeAxis(Axis);
        int es = output.DType.SizeInBytes();
        bool reference = KernelMode.UseReference;
        // Each input is a band of width 1 along the new axis.
        int[] bandDims = LayoutChecks.Insert(inputs[0].Shape, a, 1).ToArray();
        for (int i = 0; i < inputs.Length; i++)
        {
            LayoutKernels.ConcatInto(inputs[i].BytesView(), bandDims, a, i, output.BytesView(), output.Shape.Dims, es, reference);
        }
    }

    public override Tensor?[] Gradient(GradientContext g)
    {
        int a = g.Output.Shape.NormalizeAxis(Axis);
        int[] size = g.Output.Shape.ToArray();
        size[a] = 1;
        var grads = new Tensor?[g.Inputs.Length];
        for (int i = 0; i < g.Inputs.Length; i++)
        {
            var begin = new int[size.Length];
            begin[a] = i;
            grads[i] = Ops.Reshape(Ops.Slice(g.Upstream, begin, size), g.Inputs[i].Shape);
        }
        return grads;
    }
}
