using Trellis.Internal;

namespace Trellis.Operations;

/// <summary>Same elements, new shape; one dimension may be -1 (inferred). Shares storage with its input (tensors are immutable).</summary>
internal sealed class ReshapeOp(Shape target) : Op
{
    public override object?[] ConstructorArguments => [Target];

    public Shape Target { get; } = target;
    public override string Name => "Reshape";
    public override string AttributeText => "shape=" + Target;

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0];
        var dims = Target.ToArray();
        int unknownAt = -1;
        long known = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == Shape.Unknown)
            {
                if (unknownAt >= 0)
                {
                    ThrowHelper.Argument($"Reshape: the target shape {Target} has more than one -1; at most one dimension can be inferred.");
                }
                unknownAt = i;
            }
            else
            {
                known *= dims[i];
            }
        }
        if (!x.Shape.IsFullyDefined)
        {
            return new TensorSpec(new Shape(dims), x.DType); // checked again when the graph runs
        }
        int size = x.Shape.Size;
        if (unknownAt >= 0)
        {
            if (known == 0 || size % known != 0)
            {
                ThrowHelper.Argument($"Reshape: cannot reshape a tensor of shape {x.Shape} ({size} elements) into {Target}: {size} is not divisible by {known}.");
            }
            dims[unknownAt] = (int)(size / known);
        }
        else if (known != size)
        {
            ThrowHelper.Argument($"Reshape: cannot reshape a tensor of shape {x.Shape} ({size} elements) into {Target} ({known} elements).");
        }
        return new TensorSpec(new Shape(dims), x.DType);
    }

    public override Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        Tensor x = inputs[0];
        // NOTE: a variable's storage changes on Assign, so its reshape must be a copy, not a view.
        return x.IsMutable ? base.Execute(inputs, output) : x.WithShape(output.Shape);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output) => inputs[0].BytesView().CopyTo(output.BytesView());

    public override Tensor?[] Gradient(GradientContext g) => [Ops.ReshapeLike(g.Upstream, g.X)];
}
