using Trellis.Internal;
using Trellis.Kernels.Reductions;

namespace Trellis.Operations;

/// <summary>Softmax or log-softmax along one axis; the output has the input's shape and dtype.</summary>
internal sealed class SoftmaxOp(int axis, bool log) : Op
{
    public override object?[] ConstructorArguments => [Axis, Log];

    /// <summary>The axis as given (may be negative).</summary>
    public int Axis { get; } = axis;

    /// <summary>True for log-softmax.</summary>
    public bool Log { get; } = log;

    public override string Name => Log ? "LogSoftmax" : "Softmax";

    public override string AttributeText => $"axis={Axis}";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0];
        if (!x.DType.IsFloating())
        {
            ThrowHelper.OpInput(Name, "a float32 or float64 tensor (cast integers with Ops.Cast)", x);
        }
        if (x.Shape.Rank == 0)
        {
            ThrowHelper.OpInput(Name, $"a tensor of rank at least 1 to take axis {Axis} of", x);
        }
        if (Axis < -x.Shape.Rank || Axis >= x.Shape.Rank)
        {
            ThrowHelper.OpInput(Name, $"axis {Axis} to be in {-x.Shape.Rank}..{x.Shape.Rank - 1} for the input's rank; pass an axis in that range", x);
        }
        return x;
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0];
        var (outer, length, inner) = AxisLayout.Of(x.Shape, x.Shape.NormalizeAxis(Axis));
        bool reference = KernelMode.UseReference;
        if (inner == 1 && !reference)
        {
            // Last-axis rows are independent: split them across the cores (each row's arithmetic is unchanged).
            var body = new RowsBody(x, output, length, Log);
            Parallelism.For(outer, Math.Max(1, MinParallelElements / Math.Max(1, length)), ref body);
            return;
        }
        if (x.DType == DType.Float32)
        {
            SoftmaxKernel.Run(x.ReadSpan<float>(), output.Span<float>(), outer, length, inner, Log, reference);
        }
        else
        {
            SoftmaxKernel.Run(x.ReadSpan<double>(), output.Span<double>(), outer, length, inner, Log, reference);
        }
    }

    private const int MinParallelElements = 8 * 1024;

    private readonly struct RowsBody(Tensor x, Tensor y, int length, bool log) : IRangeBody
    {
        public void Run(int start, int end)
        {
            int offset = start * length, count = (end - start) * length;
            if (x.DType == DType.Float32)
            {
                SoftmaxKernel.Run(x.ReadSpan<float>().Slice(offset, count), y.Span<float>().Slice(offset, count), end - start, length, 1, log, reference: false);
            }
            else
            {
                SoftmaxKernel.Run(x.ReadSpan<double>().Slice(offset, count), y.Span<double>().Slice(offset, count), end - start, length, 1, log, reference: false);
            }
        }
    }

    public override Tensor?[] Gradient(GradientContext g)
    {
        Tensor y = g.Output, dy = g.Upstream;
        if (Log)
        {
            // d log-softmax: dx = dy - softmax(x)·Σ dy, and softmax(x) = exp(y).
            return [dy - Ops.Exp(y) * Ops.Sum(dy, Axis, keepDims: true)];
        }
        // d softmax: dx = y·(dy - Σ dy·y), the Jacobian-vector product without forming the Jacobian.
        return [y * (dy - Ops.Sum(dy * y, Axis, keepDims: true))];
    }
}
