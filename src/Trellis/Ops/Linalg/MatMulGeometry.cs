using Trellis.Tensors;

namespace Trellis.Operations;

/// <summary>
/// The shape algebra of a (batched) matrix product, NumPy matmul style: a rank-1 a is a row (1, K), a rank-1 b a
/// column (K, 1), and the inserted axis is dropped from the result; leading (batch) axes broadcast.
/// </summary>
/// <param name="Batch">The broadcast batch shape of the output.</param>
/// <param name="M">Rows of op(a).</param>
/// <param name="N">Columns of op(b).</param>
/// <param name="K">The shared inner dimension.</param>
/// <param name="Output">The output shape: Batch, then M unless a is rank 1, then N unless b is rank 1.</param>
internal readonly record struct MatMulGeometry(Shape Batch, int M, int N, int K, Shape Output)
{
    /// <summary>Validates the operands and works out the product's geometry.</summary>
    /// <exception cref="ArgumentException">A rank-0 operand, a transpose of a rank-1 operand, inner dimensions that differ, or batch axes that do not broadcast.</exception>
    public static MatMulGeometry Infer(Shape a, Shape b, bool transposeA, bool transposeB)
    {
        if (a.Rank == 0 || b.Rank == 0)
        {
            throw new ArgumentException($"MatMul: expected operands of rank 1 or more, but received {a} x {b}. Use Ops.Multiply to scale by a scalar.");
        }
        if (a.Rank == 1 && transposeA || b.Rank == 1 && transposeB)
        {
            throw new ArgumentException($"MatMul: transposeA/transposeB apply to the last two axes, but received a rank-1 operand to transpose: {a} x {b}. Reshape the vector to (1, n) or (n, 1) instead.");
        }
        Shape a2 = AsMatrix(a, row: true), b2 = AsMatrix(b, row: false);
        int m = transposeA ? a2[-1] : a2[-2];
        int ka = transposeA ? a2[-2] : a2[-1];
        int kb = transposeB ? b2[-1] : b2[-2];
        int n = transposeB ? b2[-2] : b2[-1];
        if (ka != kb && ka != Shape.Unknown && kb != Shape.Unknown)
        {
            string ta = transposeA ? " (transposed)" : "", tb = transposeB ? " (transposed)" : "";
            throw new ArgumentException(
                $"MatMul: inner dimensions differ: {a}{ta} x {b}{tb}; the columns of the first operand ({ka}) must equal the rows of the second ({kb}). " +
                "Transpose an operand (transposeA/transposeB) or reshape it.");
        }
        Shape batch = Broadcasting.Shapes(Leading(a2), Leading(b2), $"MatMul of {a} x {b} (batch axes)");
        var dims = new List<int>(batch.ToArray());
        if (a.Rank > 1)
        {
            dims.Add(m);
        }
        if (b.Rank > 1)
        {
            dims.Add(n);
        }
        return new MatMulGeometry(batch, m, n, ka == Shape.Unknown ? kb : ka, new Shape([.. dims]));
    }

    /// <summary>The shape of the output with the axes NumPy drops for rank-1 operands put back: Batch + (M, N).</summary>
    public Shape FullOutput => new([.. Batch.ToArray(), M, N]);

    /// <summary>A rank-1 operand as a matrix: a row (1, K) for a, a column (K, 1) for b.</summary>
    public static Shape AsMatrix(Shape s, bool row) => s.Rank != 1 ? s : row ? new Shape(1, s[0]) : new Shape(s[0], 1);

    private static Shape Leading(Shape s) => new(s.Dims[..^2]);
}
