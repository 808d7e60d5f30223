using Trellis.Internal;
using Trellis.Kernels.Layout;

namespace Trellis.Operations;

/// <summary>Permutes the axes: output axis k is input axis perm[k] (reversed when perm is null). Gradient: the inverse permutation.</summary>
internal sealed class TransposeOp(int[]? perm) : Op
{
    public override object?[] ConstructorArguments => [Perm];

    public int[]? Perm { get; } = perm;
    public override string Name => "Transpose";
    public override string AttributeText => "perm=" + (Perm is null ? "reversed" : LayoutChecks.Ints(Perm));

    /// <summary>The permutation for a given input, validated and with negative axes normalized.</summary>
    public int[] Resolve(TensorSpec x)
    {
        int rank = x.Shape.Rank;
        if (Perm is null)
        {
            var reversed = new int[rank];
            for (int k = 0; k < rank; k++)
            {
                reversed[k] = rank - 1 - k;
            }
            return reversed;
        }
        string expected = $"expected a permutation of 0..{rank - 1}";
        if (Perm.Length != rank)
        {
            ThrowHelper.Argument($"Transpose: perm {LayoutChecks.Ints(Perm)} has {Perm.Length} entries but the input {x} has rank {rank}; {expected}.");
        }
        var result = new int[rank];
        var seen = new bool[rank];
        for (int k = 0; k < rank; k++)
        {
            int a = Perm[k] < 0 ? Perm[k] + rank : Perm[k];
            if (a < 0 || a >= rank || seen[a])
            {
                ThrowHelper.Argument($"Transpose: perm {LayoutChecks.Ints(Perm)} is not a permutation of the axes of the input {x} (entry {Perm[k]} is {(a < 0 || a >= rank ? "out of range" : "repeated")}); {expected}.");
            }
            seen[a] = true;
            result[k] = a;
        }
        return result;
    }

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0];
        int[] p = Resolve(x);
        var dims = new int[p.Length];
        for (int k = 0; k < p.Length; k++)
        {
            dims[k] = x.Shape.Dims[p[k]];
        }
        return new TensorSpec(new Shape(dims), x.DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0];
        int[] p = Resolve(new TensorSpec(x.Shape, x.DType));
        LayoutKernels.Transpose(x.BytesView(), x.Shape.Dims, p, output.BytesView(), x.DType.SizeInBytes(), KernelMode.UseReference);
    }

    public override Tensor?[] Gradient(GradientContext g)
    {
        int[] p = Resolve(new TensorSpec(g.X.Shape, g.X.DType));
        var inverse = new int[p.Length];
        for (int k = 0; k < p.Length; k++)
        {
            inverse[p[k]] = k;
        }
        return [Ops.Transpose(g.Upstream, inverse)];
    }
}
