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
internal sealed partial class MatMulOp(bool transposeA, bool transposeB) : Op
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

    /// <summary>The plan of the last call's shapes: geometry and matrix indices (each graph node owns its op instance).</summary>
    internal sealed record Plan(Shape A, Shape B, MatMulGeometry Geometry, int[] AIndex, int[] BIndex);

    private Plan? _plan;

    private static readonly GemmFunction<float> s_sgemm = (ta, tb, m, n, k, x, lda, y, ldb, z, ldc) => Gemm.Sgemm(ta, tb, m, n, k, x, lda, y, ldb, z, ldc);
    private static readonly GemmFunction<float> s_sgemmReference = (ta, tb, m, n, k, x, lda, y, ldb, z, ldc) => ReferenceGemm.Sgemm(ta, tb, m, n, k, x, lda, y, ldb, z, ldc);
    private static readonly GemmFunction<double> s_dgemm = (ta, tb, m, n, k, x, lda, y, ldb, z, ldc) => Gemm.Dgemm(ta, tb, m, n, k, x, lda, y, ldb, z, ldc);
    private static readonly GemmFunction<double> s_dgemmReference = (ta, tb, m, n, k, x, lda, y, ldb, z, ldc) => ReferenceGemm.Dgemm(ta, tb, m, n, k, x, lda, y, ldb, z, ldc);

    public override Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        // The GEMM writes every output element, so a pooled output need not be cleared first; with K == 0 (an empty
        // operand) it writes nothing and the zeros must come from the allocation.
        bool overwrites = inputs[0].Size != 0 && inputs[1].Size != 0;
        var result = overwrites ? Tensor.AllocateForOverwrite(output.Shape, output.DType) : Tensor.Allocate(output.Shape, output.DType);
        Compute(inputs, result);
        return result;
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor a = inputs[0], b = inputs[1];
        var plan = PlanFor(a.Shape, b.Shape);
        bool reference = KernelMode.UseReference;
        if (output.DType == DType.Float32)
        {
            Multiply(a, b, output, plan, reference ? s_sgemmReference : s_sgemm);
        }
        else
        {
            Multiply(a, b, output, plan, reference ? s_dgemmReference : s_dgemm);
        }
    }

    /// <summary>The plan for these shapes: the last one when the shapes are the same (one reference read; a race only recomputes).</summary>
    internal Plan PlanFor(Shape aShape, Shape bShape)
    {
        var plan = _plan;
        if (plan is null || plan.A != aShape || plan.B != bShape)
        {
            _plan = plan = MakePlan(aShape, bShape);
        }
        return plan;
    }

    private Plan MakePlan(Shape aShape, Shape bShape)
    {
        var g = MatMulGeometry.Infer(aShape, bShape, TransposeA, TransposeB);
        if (!TransposeA && bShape.Rank <= 2 && aShape.Rank > 2)
        {
            // (…, M, K)·(K, N): the batch of a is just more rows, so run one tall GEMM (one packing of b, better threading).
            g = g with { Batch = Shape.Scalar, M = g.Batch.Size * g.M };
            return new Plan(aShape, bShape, g, [0], [0]);
        }
        return new Plan(aShape, bShape, g,
            MatrixIndices(g.Batch, MatMulGeometry.AsMatrix(aShape, row: true)),
            MatrixIndices(g.Batch, MatMulGeometry.AsMatrix(bShape, row: false)));
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
        Tensor? da = null, db = null;
        if (context.Needs(0))
        {
            da = ta ? Ops.MatMul(bm, g, tb, true) : Ops.MatMul(g, bm, false, !tb);
            // NOTE: with unknown batch sizes, which batch axes were broadcast is only known at run time (SumToShapeOf).
            da = Matrix(folded ? Ops.Reshape(da, a2) : a2.IsFullyDefined ? Ops.SumToShape(da, a2) : Ops.SumToShapeOf(da, am), a.Shape);
        }
        if (context.Needs(1))
        {
            db = tb ? Ops.MatMul(g, am, true, ta) : Ops.MatMul(am, g, !ta, false);
            db = Matrix(b2.IsFullyDefined ? Ops.SumToShape(db, b2) : Ops.SumToShapeOf(db, bm), b.Shape);
        }
        return [da, db];
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

    private void Multiply<T>(Tensor a, Tensor b, Tensor c, Plan plan, GemmFunction<T> gemm)
        where T : unmanaged, INumber<T>
    {
        var g = plan.Geometry;
        int count = plan.AIndex.Length;
        long work = (long)g.M * g.N * Math.Max(g.K, 1);
        if (count > 1 && work < 4 * GemmTuning.MinWorkPerThread)
        {
            // Many small products: one thread per range of them (each product is still computed the same way).
            int minChunk = (int)Math.Clamp(GemmTuning.MinWorkPerThread / work, 1, count);
            if (!Parallelism.RunsSerially(count, minChunk))
            {
                RunParallel(a, b, c, plan, gemm, count, minChunk);
                return;
            }
        }
        RunRange(a, b, c, plan, gemm, 0, count);
    }

    private void RunParallel<T>(Tensor a, Tensor b, Tensor c, Plan plan, GemmFunction<T> gemm, int count, int minChunk)
        where T : unmanaged, INumber<T>
    {
        var body = new ProductRange<T>(this, a, b, c, plan, gemm);
        Parallelism.For(count, minChunk, ref body);
    }

    /// <summary>A range of the batch's products, as a struct body for the worker pool (no closure to allocate).</summary>
    private readonly struct ProductRange<T>(MatMulOp op, Tensor a, Tensor b, Tensor c, Plan plan, GemmFunction<T> gemm) : IRangeBody
        where T : unmanaged, INumber<T>
    {
        public void Run(int start, int end) => op.RunRange(a, b, c, plan, gemm, start, end);
    }

    private void RunRange<T>(Tensor a, Tensor b, Tensor c, Plan plan, GemmFunction<T> gemm, int start, int end)
        where T : unmanaged, INumber<T>
    {
        var g = plan.Geometry;
        int m = g.M, n = g.N, k = g.K;
        int aSize = m * k, bSize = k * n, cSize = m * n;
        // a is (M, K) or (K, M); b is (K, N) or (N, K). Leading dimensions must be >= 1 even for empty matrices.
        int lda = Math.Max(1, TransposeA ? m : k), ldb = Math.Max(1, TransposeB ? k : n), ldc = Math.Max(1, n);
        ReadOnlySpan<T> x = a.ReadSpan<T>(), y = b.ReadSpan<T>();
        Span<T> z = c.Span<T>();
        for (int t = start; t < end; t++)
        {
            gemm(TransposeA, TransposeB, m, n, k, x.Slice(plan.AIndex[t] * aSize, aSize), lda, y.Slice(plan.BIndex[t] * bSize, bSize), ldb, z.Slice(t * cSize, cSize), ldc);
        }
    }
}
