using System.Numerics;
using Trellis.Internal;
using Trellis.Kernels.Layout;

namespace Trellis.Operations;

/// <summary>
/// Picks slices of x along <see cref="Axis"/> by integer indices (tf.gather): output shape
/// x.shape[:axis] + indices.shape + x.shape[axis+1:]. Gradient: scatter-add of the upstream into zeros (<see cref="GatherGradOp"/>).
/// </summary>
internal sealed class GatherOp(int axis) : Op
{
    public override object?[] ConstructorArguments => [Axis];

    public int Axis { get; } = axis;
    public override string Name => "Gather";
    public override string AttributeText => $"axis={Axis}";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0], indices = inputs[1];
        CheckIndexDType(Name, indices);
        int a = LayoutChecks.Axis(Name, Axis, x);
        var dims = new List<int>();
        dims.AddRange(x.Shape.ToArray()[..a]);
        dims.AddRange(indices.Shape.ToArray());
        dims.AddRange(x.Shape.ToArray()[(a + 1)..]);
        return new TensorSpec(new Shape([.. dims]), x.DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0], indices = inputs[1];
        int a = x.Shape.NormalizeAxis(Axis);
        ReadOnlySpan<int> d = x.Shape.Dims;
        int outer = LayoutIndex.Product(d, 0, a), inner = LayoutIndex.Product(d, a + 1, d.Length);
        int es = x.DType.SizeInBytes();
        bool reference = KernelMode.UseReference;
        if (indices.DType == DType.Int32)
        {
            CheckRange(Name, indices.ReadSpan<int>(), x, a);
            GatherKernel.Gather(x.BytesView(), outer, d[a], inner, indices.ReadSpan<int>(), output.BytesView(), es, reference);
        }
        else
        {
            CheckRange(Name, indices.ReadSpan<long>(), x, a);
            GatherKernel.Gather(x.BytesView(), outer, d[a], inner, indices.ReadSpan<long>(), output.BytesView(), es, reference);
        }
    }

    public override Tensor?[] Gradient(GradientContext g) =>
        [OpDispatcher.Run(new GatherGradOp(g.X.Shape, Axis), g.Upstream, g.Y), null];

    /// <summary>Throws unless the indices are int32 or int64.</summary>
    public static void CheckIndexDType(string op, TensorSpec indices)
    {
        if (indices.DType is not (DType.Int32 or DType.Int64))
        {
            ThrowHelper.Argument($"{op}: expected int32 or int64 indices, but received {indices}. Convert them with Ops.Cast(indices, DType.Int32).");
        }
    }

    /// <summary>Throws for the first index outside [0, x.shape[axis]).</summary>
    public static void CheckRange<TIndex>(string op, ReadOnlySpan<TIndex> indices, Tensor x, int axis)
        where TIndex : IBinaryInteger<TIndex>
    {
        int dim = x.Shape.Dims[axis];
        int bad = GatherKernel.FirstInvalid(indices, dim);
        if (bad >= 0)
        {
            ThrowHelper.Argument($"{op}: index {indices[bad]} (at flat position {bad} of the indices) is out of range for axis {axis} of {x.DType.Name()}{x.Shape}; expected 0 <= index < {dim}.");
        }
    }
}
