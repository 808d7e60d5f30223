using Trellis.Internal;

namespace Trellis.Operations;

/// <summary>
/// An op that changes only the shape, never the order of elements (ExpandDims, Squeeze): it shares its input's
/// storage as Reshape does, and its gradient reshapes the upstream back to the input's shape.
/// </summary>
internal abstract class ShapeViewOp : Op
{
    public override Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        Tensor x = inputs[0];
        // NOTE: a variable's storage changes on Assign, so a view of it must be a copy.
        return x.IsMutable ? base.Execute(inputs, output) : x.WithShape(output.Shape);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output) => inputs[0].BytesView().CopyTo(output.BytesView());

    public override Tensor?[] Gradient(GradientContext g) => [Ops.ReshapeLike(g.Upstream, g.X)];
}

/// <summary>Inserts an axis of size 1 at <see cref="Axis"/> (-rank-1..rank, as NumPy's expand_dims).</summary>
internal sealed class ExpandDimsOp(int axis) : ShapeViewOp
{
    public override object?[] ConstructorArguments => [Axis];

    public int Axis { get; } = axis;
    public override string Name => "ExpandDims";
    public override string AttributeText => $"axis={Axis}";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0];
        int a = LayoutChecks.NewAxis(Name, Axis, x.Shape.Rank, "the input " + x);
        return new TensorSpec(LayoutChecks.Insert(x.Shape, a, 1), x.DType);
    }
}

/// <summary>Removes axes of size 1: the listed ones, or all when <see cref="Axes"/> is null.</summary>
internal sealed class SqueezeOp(int[]? axes) : ShapeViewOp
{
    public override object?[] ConstructorArguments => [Axes];

    public int[]? Axes { get; } = axes;
    public override string Name => "Squeeze";
    public override string AttributeText => "axes=" + (Axes is null ? "all" : LayoutChecks.Ints(Axes));

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0];
        ReadOnlySpan<int> dims = x.Shape.Dims;
        var drop = new bool[dims.Length];
        if (Axes is null)
        {
            for (int k = 0; k < dims.Length; k++)
            {
                drop[k] = dims[k] == 1;
            }
        }
        else
        {
            foreach (int axis in Axes)
            {
                int a = LayoutChecks.Axis(Name, axis, x);
                if (drop[a])
                {
                    ThrowHelper.Argument($"Squeeze: axis {axis} is listed twice in {LayoutChecks.Ints(Axes)} for the input {x}; expected distinct axes.");
                }
                if (dims[a] != 1 && dims[a] != Shape.Unknown)
                {
                    ThrowHelper.Argument($"Squeeze: cannot squeeze axis {axis} of the input {x}: its size is {dims[a]}, expected 1. Use Ops.Reshape or Ops.Slice to drop elements.");
                }
                drop[a] = true;
            }
        }
        var kept = new List<int>(dims.Length);
        for (int k = 0; k < dims.Length; k++)
        {
            if (!drop[k])
            {
                kept.Add(dims[k]);
            }
        }
        return new TensorSpec(new Shape([.. kept]), x.DType);
    }
}
