using System.Numerics;
using Trellis.Internal;
using Trellis.Kernels.Gemm;
using Trellis.Kernels.Reference;

namespace Trellis.Operations;

/// <summary>
/// Batched matrix product op(a)·op(b) with NumPy matmul broadcasting (see <see cref="MatMulGeometry"/>); op transposes
/// the last two axes when its flag is set. float32 and float64.
/// </summary>
/// <remarks>
/// Gradient, with g = dL/dC in the full (…, M, N) shape: dop(A) = g·op(B)ᵀ and dop(B) = op(A)ᵀ·g, each written as a
/// MatMul with transpose flags (no transposed copies), then summed over the batch axes the operand was broadcast along.
/// </remarks>
internal sealed class MatMulOp(bool transposeA, bool transposeB) : Op
{
    public override object?[] ConstructorArguments => [TransposeA, TransposeB];

    public bool TransposeA { get; } = transposeA;
    public bool TransposeB { get; } = transposeB;
    public override string Name => "MatMul";
    public override string AttributeText => $"transposeA={TransposeA}, transposeB={TransposeB}";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec a = inputs[0], b = inputs[1];
        if (a.DType != b.DType || !a.DType.IsFloating())
        {
            ThrowHelper.OpInput(Name, "two float32 or two float64 tensors (convert with Ops.Cast)", a, b);
        }
        return new TensorSpec(MatMulGeometry.Infer(a.Shape, b.Shape, TransposeA, TransposeB).Output, a.DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor a = inputs[0], b = inputs[1];
        var g = MatMulGeometry.Infer(a.Shape, b.Shape, TransposeA, TransposeB);
        int[] aIndex, bIndex;
        if (!TransposeA && b.Rank <= 2 && a.Rank > 2)
        {
            // (…, M, K)·(K, N): the batch of a is just more rows, so run one tall GEMM (one packing of b, better threading).
            g = g with { Batch = Shape.Scalar, M = g.Batch.Size * g.M };
            aIndex = bIndex = [0];
        }
        else
        {
            aIndex = MatrixIndices(g.Batch, MatMulGeometry.AsMatrix(a.Shape, row: true));
            bIndex = MatrixIndices(g.Batch, MatMulGeometry.AsMatrix(b.Shape, row: false));
        }
        bool reference = KernelMode.UseReference;
        if (output.DType == DType.Float32)
        {
            Multiply<float>(a, b, output, g, aIndex, bIndex, (ta, tb, m, n, k, x, lda, y, ldb, z, ldc) =>
            {
                if (reference)
                {
                    ReferenceGemm.Sgemm(ta, tb, m, n, k, x, lda, y, ldb, z, ldc);
                }
                else
                {
                    Gemm.Sgemm(ta, tb, m, n, k, x, lda, y, ldb, z, ldc);
                }
            });
        }
        else
        {
            Multiply<double>(a, b, output, g, aIndex, bIndex, (ta, tb, m, n, k, x, lda, y, ldb, z, ldc) =>
            {
                if (reference)
                {
                    ReferenceGemm.Dgemm(ta, tb, m, n, k, x, lda, y, ldb, z, ldc);
                }
                else
                {
                    Gemm.Dgemm(ta, tb, m, n, k, x, lda, y, ldb, z, ldc);
                }
            });
        }
    }

    public override Tensor?[] Gradient(GradientContext context)
    {
        Tensor a = context.X, b = context.Y;
        bool ta = TransposeA, tb = TransposeB;
        var geometry = MatMulGeometry.Infer(a.Shape, b.Shape, ta, tb);
        Shape a2 = MatMulGeometry.AsMatrix(a.Shape, row: true), b2 = MatMulGeometry.AsMatrix(b.Shape, row: false);
        Tensor am = Matrix(a, a2), bm = Matrix(b, b2);
        Tensor g = Matrix(context.Upstream, geometry.FullOutput); // (..., M, N)
        bool folded = !ta && b2.Rank == 2 && a2.Rank > 2 && a.Shape.IsFullyDefined;
        if (folded)
        {
            // b is shared by every batch entry: fold the batch into rows so db is one GEMM, not a batch of them summed.
            am = Ops.Reshape(am, [geometry.Batch.Size * geometry.M, geometry.K]);
            g = Ops.Reshape(g, [geometry.Batch.Size * geometry.M, geometry.N]);
        }
        // dop(A) = g·op(B)ᵀ; A itself is op(A) or its transpose. Likewise dop(B) = op(A)ᵀ·g.
        Tensor da = ta ? Ops.MatMul(bm, g, tb, true) : Ops.MatMul(g, bm, false, !tb);
        Tensor db = tb ? Ops.MatMul(g, am, true, ta) : Ops.MatMul(am, g, !ta, false);
        da = folded ? Ops.Reshape(da, a2) : Ops.SumToShape(da, a2);
        return [Matrix(da, a.Shape), Matrix(Ops.SumToShape(db, b2), b.Shape)];
    }

    private static Tensor Matrix(Tensor x, Shape shape) => x.Shape == shape ? x : Ops.Reshape(x, shape);

    /// <summary>For each batch position of the output (row-major), the index of the operand's matrix it reads.</summary>
    private static int[] MatrixIndices(Shape batch, Shape operand)
    {
        int rank = batch.Rank, opRank = operand.Rank - 2;
        var strides = new int[rank]; // in matrices; 0 along broadcast axes
        int stride = 1;
        for (int i = opRank - 1; i >= 0; i--)
        {
            int axis = i + rank - opRank;
            strides[axis] = operand[i] == 1 ? 0 : stride;
            stride *= operand[i];
        }
        var result = new int[batch.Size];
        var idx = new int[rank];
        int offset = 0;
        for (int t = 0; t < result.Length; t++)
        {
            result[t] = offset;
            for (int ax = rank - 1; ax >= 0; ax--)
            {
                idx[ax]++;
                offset += strides[ax];
                if (idx[ax] < batch[ax])
                {
                    break;
                }
                offset -= strides[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
        return result;
    }

    private delegate void GemmFunction<T>(bool ta, bool tb, int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc);

    private void Multiply<T>(Tensor a, Tensor b, Tensor c, MatMulGeometry g, int[] aIndex, int[] bIndex, GemmFunction<T> gemm)
        where T : unmanaged, INumber<T>
    {
        int m = g.M, n = g.N, k = g.K;
        int aSize = m * k, bSize = k * n, cSize = m * n;
        // a is (M, K) or (K, M); b is (K, N) or (N, K). Leading dimensions must be >= 1 even for empty matrices.
        int lda = Math.Max(1, TransposeA ? m : k), ldb = Math.Max(1, TransposeB ? k : n), ldc = Math.Max(1, n);
        bool ta = TransposeA, tb = TransposeB;
        void RunRange(int start, int end)
        {
            ReadOnlySpan<T> x = a.ReadSpan<T>(), y = b.ReadSpan<T>();
            Span<T> z = c.Span<T>();
            for (int t = start; t < end; t++)
            {
                gemm(ta, tb, m, n, k, x.Slice(aIndex[t] * aSize, aSize), lda, y.Slice(bIndex[t] * bSize, bSize), ldb, z.Slice(t * cSize, cSize), ldc);
            }
        }
        long work = (long)m * n * Math.Max(k, 1);
        if (aIndex.Length > 1 && work < 4 * GemmTuning.MinWorkPerThread)
        {
            // Many small products: one thread per range of them (each product is still computed the same way).
            int minChunk = (int)Math.Clamp(GemmTuning.MinWorkPerThread / work, 1, aIndex.Length);
            Parallelism.For(aIndex.Length, minChunk, RunRange);
        }
        else
        {
            RunRange(0, aIndex.Length);
        }
    }
}
