using System.Numerics.Tensors;
using Trellis.Internal;
using Trellis.Kernels.Gemm;
using Trellis.Operations;

namespace Trellis.Graph.Passes;

/// <summary>
/// activation(x·W + b) as one op: the GEMM writes the output, then bias and activation are applied row block by row
/// block while the block is in cache. Inputs: x (…, K), W (K, N) (with the MatMul's transpose flags), b (N).
/// </summary>
internal sealed class FusedDenseOp(MatMulOp matMul, Op? activation) : Op
{
    private const int RowBlock = 32;

    public MatMulOp MatMul { get; } = matMul;

    /// <summary>The element-wise activation applied last, or null for none.</summary>
    public Op? Activation { get; } = activation;

    public override string Name => "FusedDense";
    public override string AttributeText => $"{MatMul.AttributeText}, activation={Activation?.ToString() ?? "none"}";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs) => MatMul.InferOutput(inputs[..2]);

    public override unsafe void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        if (output.DType == DType.Float32 && inputs[2].Size == output.Shape[-1] && (Activation is null or IElementwiseStep))
        {
            fixed (float* bias = inputs[2].ReadSpan<float>())
            {
                if (MatMul.TryComputeWithEpilogue(inputs[..2], output, new GemmEpilogue((nint)bias, (IElementwiseStep?)Activation)))
                {
                    return;
                }
            }
        }
        MatMul.Compute(inputs[..2], output);
        int n = output.Shape[-1];
        int rows = n == 0 ? 0 : output.Size / n;
        // Rows are independent: the epilogue is split across the cores like the GEMM (results do not depend on the split).
        var body = new EpilogueBody(this, output, inputs[2], n);
        Parallelism.For(rows, Math.Max(RowBlock, MinEpilogueElements / Math.Max(1, n)), ref body);
    }

    private const int MinEpilogueElements = 16 * 1024;

    private readonly struct EpilogueBody(FusedDenseOp op, Tensor y, Tensor bias, int n) : IRangeBody
    {
        public void Run(int start, int end)
        {
            if (y.DType == DType.Float32)
            {
                op.Epilogue(y.Span<float>().Slice(start * n, (end - start) * n), bias.ReadSpan<float>(), n);
            }
            else
            {
                op.Epilogue(y.Span<double>().Slice(start * n, (end - start) * n), bias.ReadSpan<double>(), n);
            }
        }
    }

    private void Epilogue<T>(Span<T> y, ReadOnlySpan<T> bias, int n) where T : unmanaged, System.Numerics.INumber<T>
    {
        int rows = n == 0 ? 0 : y.Length / n;
        for (int r0 = 0; r0 < rows; r0 += RowBlock)
        {
            int r1 = Math.Min(rows, r0 + RowBlock);
            for (int r = r0; r < r1; r++)
            {
                Span<T> row = y.Slice(r * n, n);
                TensorPrimitives.Add(row, bias, row);
            }
            if (Activation is IElementwiseStep step && r1 > r0)
            {
                FusionStep.ApplyInPlace(step, y.Slice(r0 * n, (r1 - r0) * n));
            }
        }
    }

    /// <summary>
    /// The three rules chained: activation, bias add, matmul. relu, sigmoid, tanh (and none) take their gradient from
    /// the output; other activations recompute the pre-activation.
    /// </summary>
    public override Tensor?[] Gradient(GradientContext g)
    {
        Tensor x = g.Inputs[0], w = g.Inputs[1], b = g.Inputs[2], y = g.Output, dy = g.Upstream;
        Tensor dz = Activation switch
        {
            null => dy,
            ReluOp => dy * Ops.Cast(Ops.Greater(y, Ops.ZerosLike(y)), y.DType),
            SigmoidOp => dy * y * (1 - y),
            TanhOp => dy * (1 - Ops.Square(y)),
            _ => Activation.Gradient(new GradientContext([Ops.Add(OpDispatcher.Run(MatMul, x, w), b)], y, dy))[0]!,
        };
        // The matmul output is only needed for its shape by the rules below, so dz (same shape) stands in for it.
        Tensor?[] mm = MatMul.Gradient(new GradientContext([x, w], dz, dz));
        return [mm[0], mm[1], Ops.SumToShape(dz, b.Shape)];
    }
}
