using Trellis.Internal;
using Trellis.Kernels.Reductions;

namespace Trellis.Operations;

/// <summary>Sum, mean, max, min or product over a set of axes, keeping reduced axes as size 1 when asked.</summary>
internal sealed class ReduceOp : Op
{
    public override object?[] ConstructorArguments => [Kind, Axes, KeepDims];

    public ReduceOp(ReduceKind kind, int[]? axes, bool keepDims)
    {
        Kind = kind;
        Axes = axes;
        KeepDims = keepDims;
    }

    public ReduceKind Kind { get; }

    /// <summary>The axes to reduce (may be negative); null reduces all.</summary>
    public int[]? Axes { get; }

    public bool KeepDims { get; }

    public override string Name => Kind switch
    {
        ReduceKind.Sum => "Sum",
        ReduceKind.Mean => "Mean",
        ReduceKind.Max => "Max",
        ReduceKind.Min => "Min",
        _ => "Prod",
    };

    public override string AttributeText => $"axes=[{(Axes is null ? "all" : string.Join(",", Axes))}], keepDims={KeepDims}";

    private Tuple<Shape, bool[]>? _maskCache;

    /// <summary>The mask of the last shape computed (each graph node has its own op instance, so it hits every call).</summary>
    private bool[] CachedMask(Shape shape)
    {
        var cache = _maskCache; // one reference read: threads see a whole entry; a race only recomputes
        if (cache is not null && cache.Item1 == shape)
        {
            return cache.Item2;
        }
        bool[] mask = ReducedMask(shape);
        _maskCache = Tuple.Create(shape, mask);
        return mask;
    }

    /// <summary>The reduced axes as sorted, non-negative indices for a given rank.</summary>
    public bool[] ReducedMask(Shape shape)
    {
        var mask = new bool[shape.Rank];
        if (Axes is null)
        {
            Array.Fill(mask, true);
            return mask;
        }
        foreach (int a in Axes)
        {
            int n = shape.NormalizeAxis(a);
            if (mask[n])
            {
                throw new ArgumentException($"{Name}: axis {a} is listed twice in [{string.Join(", ", Axes)}] for shape {shape}.");
            }
            mask[n] = true;
        }
        return mask;
    }

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0];
        bool floatOnly = Kind == ReduceKind.Mean;
        if (floatOnly ? !x.DType.IsFloating() : !x.DType.IsNumeric())
        {
            ThrowHelper.OpInput(Name, floatOnly ? "a float32 or float64 tensor" : "a numeric tensor", x);
        }
        bool[] mask = ReducedMask(x.Shape);
        var dims = new List<int>();
        for (int i = 0; i < mask.Length; i++)
        {
            if (!mask[i])
            {
                dims.Add(x.Shape.Dims[i]);
            }
            else if (KeepDims)
            {
                dims.Add(1);
            }
        }
        return new TensorSpec(new Shape([.. dims]), x.DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0];
        bool[] mask = CachedMask(x.Shape);
        bool r = KernelMode.UseReference;
        switch (x.DType)
        {
            case DType.Float32: ReduceKernel.Run(Kind, x.ReadSpan<float>(), x.Shape.Dims, mask, output.Span<float>(), r); break;
            case DType.Float64: ReduceKernel.Run(Kind, x.ReadSpan<double>(), x.Shape.Dims, mask, output.Span<double>(), r); break;
            case DType.Int32: ReduceKernel.Run(Kind, x.ReadSpan<int>(), x.Shape.Dims, mask, output.Span<int>(), r); break;
            case DType.Int64: ReduceKernel.Run(Kind, x.ReadSpan<long>(), x.Shape.Dims, mask, output.Span<long>(), r); break;
            case DType.UInt8: ReduceKernel.Run(Kind, x.ReadSpan<byte>(), x.Shape.Dims, mask, output.Span<byte>(), r); break;
        }
    }

    public override Tensor?[] Gradient(GradientContext g)
    {
        Tensor x = g.X;
        Tensor dy = Ops.BroadcastLike(Kept(g.Upstream, x.Shape), x);
        switch (Kind)
        {
            case ReduceKind.Sum:
                return [dy];
            case ReduceKind.Mean:
                // NOTE: with unknown sizes the count is only known when the graph runs, so it is read from the tensors.
                return x.Shape.IsFullyDefined
                    ? [dy / (x.Size / Math.Max(1, g.Output.Size))]
                    : [dy / (Ops.Size(x, x.DType) / Ops.Size(g.Upstream, x.DType))];
            case ReduceKind.Max:
            case ReduceKind.Min:
            {
                // The gradient is shared equally among tied extremes (TensorFlow's rule).
                Tensor y = Ops.BroadcastLike(Kept(g.Output, x.Shape), x);
                Tensor hit = Ops.Cast(Ops.Equal(x, y), x.DType);
                Tensor count = Ops.BroadcastLike(Ops.Sum(hit, Axes, keepDims: true), x);
                return [dy * hit / count];
            }
            default:
            {
                // d/dx_i Π x = Π_{j≠i} x_j, computed without dividing so zeros are handled.
                return [dy * ProductOfOthers(x)];
            }
        }
    }

    /// <summary>
    /// A reduced tensor (upstream or output) with the reduced axes back as size 1. With unknown sizes the kept shape
    /// is not a constant, so the axes are reinserted one by one instead of reshaping to a shape fixed at trace time.
    /// </summary>
    private Tensor Kept(Tensor reduced, Shape input)
    {
        Shape kept = KeptShape(input);
        if (input.IsFullyDefined || Axes is null)
        {
            return Ops.Reshape(reduced, kept); // all axes reduced: the kept shape is all ones, known
        }
        if (KeepDims)
        {
            return reduced;
        }
        Tensor result = reduced;
        bool[] mask = ReducedMask(input);
        for (int a = 0; a < mask.Length; a++)
        {
            if (mask[a])
            {
                result = Ops.ExpandDims(result, a);
            }
        }
        return result;
    }

    private Tensor ProductOfOthers(Tensor x)
    {
        // Exclusive product along the reduced axes via the definition; fine for the small tensors prod is used on.
        Tensor zero = Ops.ZerosLike(x);
        Tensor isZero = Ops.Equal(x, zero);
        Tensor safe = Ops.Where(isZero, Ops.OnesLike(x), x);
        Tensor prod = Ops.Prod(safe, Axes, keepDims: true);
        Tensor prodSafe = Ops.BroadcastLike(x.Shape.IsFullyDefined ? Ops.Reshape(prod, KeptShape(x.Shape)) : prod, x);
        Tensor zeros = Ops.BroadcastLike(Ops.Sum(Ops.Cast(isZero, x.DType), Axes, keepDims: true), x);
        // No zeros: prod/x. One zero: the zero's slot gets prod of the rest, others 0. Two or more: all 0.
        Tensor noZero = prodSafe / safe;
        Tensor oneZero = Ops.Where(isZero, prodSafe, zero);
        Tensor none = Ops.Cast(Ops.Equal(zeros, zero), x.DType);
        Tensor one = Ops.Cast(Ops.Equal(zeros, Ops.OnesLike(x)), x.DType);
        return noZero * none + oneZero * one;
    }

    /// <summary>The input shape with reduced axes set to 1.</summary>
    public Shape KeptShape(Shape input)
    {
        bool[] mask = ReducedMask(input);
        var dims = input.ToArray();
        for (int i = 0; i < dims.Length; i++)
        {
            if (mask[i])
            {
                dims[i] = 1;
            }
        }
        return new Shape(dims);
    }
}
