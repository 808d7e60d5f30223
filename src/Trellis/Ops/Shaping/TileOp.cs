using Trellis.Internal;
using Trellis.Kernels.Layout;

namespace Trellis.Operations;

/// <summary>
/// Repeats the input <see cref="Multiples"/>[k] times along axis k (TensorFlow's tf.tile). Gradient: the upstream
/// viewed as (m0, d0, m1, d1, ...) and summed over the repeat axes.
/// </summary>
internal sealed class TileOp(int[] multiples) : Op
{
    public override object?[] ConstructorArguments => [Multiples];

    public int[] Multiples { get; } = multiples;
    public override string Name => "Tile";
    public override string AttributeText => "multiples=" + LayoutChecks.Ints(Multiples);

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0];
        LayoutChecks.OnePerAxis(Name, "multiples", Multiples, x);
        var dims = new int[Multiples.Length];
        for (int k = 0; k < dims.Length; k++)
        {
            if (Multiples[k] < 0)
            {
                ThrowHelper.Argument($"Tile: multiples {LayoutChecks.Ints(Multiples)} for the input {x} has {Multiples[k]} on axis {k}; expected non-negative counts.");
            }
            int d = x.Shape.Dims[k];
            dims[k] = d == Shape.Unknown ? Shape.Unknown : checked(d * Multiples[k]);
        }
        return new TensorSpec(new Shape(dims), x.DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0];
        LayoutKernels.Tile(x.BytesView(), x.Shape.Dims, output.Shape.Dims, output.BytesView(), x.DType.SizeInBytes(), KernelMode.UseReference);
    }

    public override Tensor?[] Gradient(GradientContext g)
    {
        int rank = g.X.Rank;
        if (rank == 0)
        {
            return [g.Upstream];
        }
        var split = new int[2 * rank];
        var repeatAxes = new int[rank];
        for (int k = 0; k < rank; k++)
        {
            split[2 * k] = Multiples[k];
            split[2 * k + 1] = g.X.Shape.Dims[k];
            repeatAxes[k] = 2 * k;
        }
        return [Ops.Sum(Ops.Reshape(g.Upstream, split), repeatAxes)];
    }
}
