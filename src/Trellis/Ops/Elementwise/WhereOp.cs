using System.Runtime.InteropServices;
using Trellis.Internal;
using Trellis.Tensors;

namespace Trellis.Operations;

/// <summary>where(condition, a, b): a where condition is true, b elsewhere, with broadcasting over all three.</summary>
internal sealed class WhereOp : Op
{
    public static readonly WhereOp Instance = new();
    public override string Name => "Where";
    public override bool IsElementwise => true;

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (inputs[0].DType != DType.Bool || inputs[1].DType != inputs[2].DType)
        {
            ThrowHelper.OpInput(Name, "a bool condition and two tensors of one dtype", inputs[0], inputs[1], inputs[2]);
        }
        Shape s = Broadcasting.Shapes(Broadcasting.Shapes(inputs[0].Shape, inputs[1].Shape, Name), inputs[2].Shape, Name);
        return new TensorSpec(s, inputs[1].DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Shape outShape = output.Shape;
        int[] cs = Kernels.Elementwise.BroadcastLayout.BroadcastStrides(outShape.Dims, inputs[0].Shape.Dims);
        int[] aS = Kernels.Elementwise.BroadcastLayout.BroadcastStrides(outShape.Dims, inputs[1].Shape.Dims);
        int[] bS = Kernels.Elementwise.BroadcastLayout.BroadcastStrides(outShape.Dims, inputs[2].Shape.Dims);
        ReadOnlySpan<bool> c = inputs[0].ReadSpan<bool>();
        int esize = output.DType.SizeInBytes();
        ReadOnlySpan<byte> a = inputs[1].BytesView(), b = inputs[2].BytesView();
        Span<byte> y = output.BytesView();
        int n = output.Size, rank = outShape.Rank;
        var idx = new int[rank];
        int co = 0, ao = 0, bo = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> src = c[co] ? a.Slice(ao * esize, esize) : b.Slice(bo * esize, esize);
            src.CopyTo(y.Slice(i * esize, esize));
            for (int ax = rank - 1; ax >= 0; ax--)
            {
                idx[ax]++;
                co += cs[ax]; ao += aS[ax]; bo += bS[ax];
                if (idx[ax] < outShape.Dims[ax])
                {
                    break;
                }
                co -= cs[ax] * idx[ax]; ao -= aS[ax] * idx[ax]; bo -= bS[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
    }

    public override Tensor?[] Gradient(GradientContext g)
    {
        Tensor zeros = Ops.ZerosLike(g.Upstream);
        return [null, Ops.SumToShapeOf(Ops.Where(g.X, g.Upstream, zeros), g.Inputs[1]), Ops.SumToShapeOf(Ops.Where(g.X, zeros, g.Upstream), g.Inputs[2])];
    }
}
