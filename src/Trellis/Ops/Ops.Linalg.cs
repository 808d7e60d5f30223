using Trellis.Operations;

namespace Trellis;

public static partial class Ops
{
    /// <summary>Matrix product op(a)·op(b), batched over leading axes with NumPy matmul rules.</summary>
    /// <param name="a">(…, M, K), or (…, K, M) with <paramref name="transposeA"/>; a vector (K,) is taken as a row and its axis dropped from the result.</param>
    /// <param name="b">(…, K, N), or (…, N, K) with <paramref name="transposeB"/>; a vector (K,) is taken as a column and its axis dropped.</param>
    /// <param name="transposeA">Use the transpose of a's last two axes (no copy is made).</param>
    /// <param name="transposeB">Use the transpose of b's last two axes (no copy is made).</param>
    /// <returns>(batch…, M, N) with the batch axes of a and b broadcast; same dtype as the operands (float32 or float64).</returns>
    /// <remarks>C[…, i, j] = Σₖ op(a)[…, i, k]·op(b)[…, k, j]. Results are bit-identical for any <see cref="Threading.MaxThreads"/>.</remarks>
    /// <exception cref="ArgumentException">
    /// The dtypes differ or are not float32/float64; an operand is a scalar; a rank-1 operand is to be transposed; the
    /// inner dimensions differ (the message names both shapes); the batch axes cannot be broadcast.
    /// </exception>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false) =>
        OpDispatcher.Run(new MatMulOp(transposeA, transposeB), a, b);
}
