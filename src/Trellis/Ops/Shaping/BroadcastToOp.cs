using Trellis.Kernels.Elementwise;
using Trellis.Tensors;

namespace Trellis.Operations;

/// <summary>Broadcasts the input to a target shape (NumPy rules). Gradient: the upstream summed back to the input's shape.</summary>
internal sealed class BroadcastToOp(Shape target) : Op
{
    public override object?[] ConstructorArguments => [Target];

    public Shape Target { get; } = target;
    public override string Name => "BroadcastTo";
    public override string AttributeText => "shape=" + Target;

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        Shape result = Broadcasting.Shapes(inputs[0].Shape, Target, Name);
        if (result != Target)
        {
            throw new ArgumentException($"{Name}: a tensor of shape {inputs[0].Shape} cannot be broadcast to {Target}; it would need shape {result}.");
        }
        return new TensorSpec(Target, inputs[0].DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output) => Broadcast(inputs[0], output);

    /// <summary>Writes x broadcast to the output's shape (shared with <see cref="BroadcastLikeOp"/>).</summary>
    internal static void Broadcast(Tensor x, Tensor output)
    {
        int esize = x.DType.SizeInBytes();
        var layout = BroadcastLayout.Create(output.Shape.Dims, x.Shape.Dims, x.Shape.Dims);
        ReadOnlySpan<byte> src = x.BytesView();
        Span<byte> dst = output.BytesView();
        int n = layout.Inner;
        for (int r = 0; r < layout.AOffsets.Length; r++)
        {
            int ao = layout.AOffsets[r];
            Span<byte> row = dst.Slice(r * n * esize, n * esize);
            if (layout.AInnerStride == 1)
            {
                src.Slice(ao * esize, n * esize).CopyTo(row);
            }
            else
            {
                ReadOnlySpan<byte> v = src.Slice(ao * esize, esize);
                for (int i = 0; i < n; i++)
                {
                    v.CopyTo(row.Slice(i * esize, esize));
                }
            }
        }
    }

    public override Tensor?[] Gradient(GradientContext g) => [Ops.SumToShapeOf(g.Upstream, g.X)];
}
