using System.Numerics;
using Trellis.Internal;
using Trellis.Kernels.Gemm;

namespace Trellis.Operations;

// activation(a·b + bias): what a fused dense layer computes.
internal sealed partial class MatMulOp
{
    /// <summary>Rows per chunk of the separate bias/activation pass; the pass runs in parallel above this many elements.</summary>
    private const int MinEpilogueRows = 32, MinEpilogueElements = 16 * 1024;

    /// <summary>
    /// output = activation(a·b + bias), bias along the last axis. A float32 product that is one GEMM gets the bias and
    /// activation from the GEMM's own threads on each finished block (<see cref="GemmEpilogue"/>); batched products,
    /// float64 and reference mode run the product, then the same epilogue over row chunks split across the cores.
    /// Every element gets the same operations in the same order either way.
    /// </summary>
    internal unsafe void ComputeWithBiasActivation(ReadOnlySpan<Tensor> inputs, Tensor bias, IElementwiseStep? activation, Tensor output)
    {
        Tensor a = inputs[0], b = inputs[1];
        bool reference = KernelMode.UseReference;
        if (output.DType == DType.Float32 && !reference && PlanFor(a.Shape, b.Shape) is { AIndex.Length: 1 } plan)
        {
            var g = plan.Geometry;
            int lda = Math.Max(1, TransposeA ? g.M : g.K), ldb = Math.Max(1, TransposeB ? g.K : g.N), ldc = Math.Max(1, g.N);
            fixed (float* pBias = bias.ReadSpan<float>())
            {
                Gemm.Sgemm(TransposeA, TransposeB, g.M, g.N, g.K, a.ReadSpan<float>()[..(g.M * g.K)], lda, b.ReadSpan<float>()[..(g.K * g.N)], ldb,
                    output.Span<float>()[..(g.M * g.N)], ldc, new GemmEpilogue((nint)pBias, activation));
            }
            return;
        }
        Compute(inputs, output);
        int n = output.Shape[-1];
        int rows = n == 0 ? 0 : output.Size / n;
        var body = new EpilogueRows(output, bias, activation, n);
        Parallelism.For(rows, Math.Max(MinEpilogueRows, MinEpilogueElements / Math.Max(1, n)), ref body);
    }

    /// <summary>Rows [start, end) of the output through the epilogue; a struct body for the worker pool.</summary>
    private readonly struct EpilogueRows(Tensor y, Tensor bias, IElementwiseStep? activation, int n) : IRangeBody
    {
        public void Run(int start, int end)
        {
            if (y.DType == DType.Float32)
            {
                Apply(y.Span<float>(), bias.ReadSpan<float>(), start, end);
            }
            else
            {
                Apply(y.Span<double>(), bias.ReadSpan<double>(), start, end);
            }
        }

        private unsafe void Apply<T>(Span<T> output, ReadOnlySpan<T> biasValues, int start, int end)
            where T : unmanaged, INumber<T>
        {
            fixed (T* pOutput = output, pBias = biasValues)
            {
                new GemmEpilogue((nint)pBias, activation).Apply(pOutput + (long)start * n, n, end - start, 0, n);
            }
        }
    }
}
