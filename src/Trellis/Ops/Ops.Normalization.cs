using Trellis.Operations;

namespace Trellis;

public static partial class Ops
{
    /// <summary>Softmax along <paramref name="axis"/>: exp(xᵢ - m) / Σⱼ exp(xⱼ - m), m the maximum along the axis.</summary>
    /// <param name="x">Float32 or float64 input of rank ≥ 1, any shape.</param>
    /// <param name="axis">The axis that sums to one; negative counts from the end.</param>
    /// <returns>A tensor of x's shape and dtype whose slices along <paramref name="axis"/> are probabilities.</returns>
    /// <remarks>
    /// Subtracting the maximum makes the result exact for large inputs (softmax is shift-invariant). A NaN in a slice
    /// makes that slice NaN. Gradient: dx = y·(dy - Σ dy·y) along the axis.
    /// </remarks>
    /// <exception cref="ArgumentException">x is not float32/float64, is a scalar, or has no axis <paramref name="axis"/>.</exception>
    public static Tensor Softmax(Tensor x, int axis = -1)
    {
        var probabilities = OpDispatcher.Run(new SoftmaxOp(axis, log: false), x);
        if (axis == -1 || axis == x.Rank - 1)
        {
            SoftmaxLogits.Remember(probabilities, x);
        }
        return probabilities;
    }

    /// <summary>Log-softmax along <paramref name="axis"/>: (xᵢ - m) - log Σⱼ exp(xⱼ - m), m the maximum along the axis.</summary>
    /// <param name="x">Float32 or float64 input of rank ≥ 1.</param>
    /// <param name="axis">The normalized axis; negative counts from the end.</param>
    /// <returns>log(softmax(x)) with x's shape and dtype, computed without forming softmax (no log(0) underflow).</returns>
    /// <remarks>Gradient: dx = dy - exp(y)·Σ dy along the axis.</remarks>
    /// <exception cref="ArgumentException">x is not float32/float64, is a scalar, or has no axis <paramref name="axis"/>.</exception>
    public static Tensor LogSoftmax(Tensor x, int axis = -1) => OpDispatcher.Run(new SoftmaxOp(axis, log: true), x);

    /// <summary>Index of the largest element along <paramref name="axis"/>; the first one on ties, the first NaN if any (as NumPy).</summary>
    /// <param name="x">Numeric input of rank ≥ 1.</param>
    /// <param name="axis">The axis searched and removed; negative counts from the end.</param>
    /// <returns>Int64 indices, x's shape without <paramref name="axis"/>. No gradient flows through an index.</returns>
    /// <exception cref="ArgumentException">x is not numeric, has no axis <paramref name="axis"/>, or that axis is empty.</exception>
    public static Tensor ArgMax(Tensor x, int axis = -1) => OpDispatcher.Run(new ArgReduceOp(axis, max: true), x);

    /// <summary>Index of the smallest element along <paramref name="axis"/>; the first one on ties, the first NaN if any (as NumPy).</summary>
    /// <param name="x">Numeric input of rank ≥ 1.</param>
    /// <param name="axis">The axis searched and removed; negative counts from the end.</param>
    /// <returns>Int64 indices, x's shape without <paramref name="axis"/>. No gradient flows through an index.</returns>
    /// <exception cref="ArgumentException">x is not numeric, has no axis <paramref name="axis"/>, or that axis is empty.</exception>
    public static Tensor ArgMin(Tensor x, int axis = -1) => OpDispatcher.Run(new ArgReduceOp(axis, max: false), x);

    /// <summary>log Σ exp(x) over <paramref name="axes"/> (all when null), computed without overflow.</summary>
    /// <param name="x">Float32 or float64 input.</param>
    /// <param name="axes">Axes to reduce; negative counts from the end; null reduces all.</param>
    /// <param name="keepDims">Keep reduced axes with size 1.</param>
    /// <returns>The reduced tensor, x's dtype.</returns>
    /// <remarks>
    /// Computes m + log Σ exp(x - m) with m = max(x) held constant for the tape (the value does not depend on m, so
    /// the gradient is softmax(x) exactly). An infinite m is replaced by 0, so all -∞ gives -∞ and +∞ gives +∞.
    /// </remarks>
    /// <exception cref="ArgumentException">x is not float32/float64, or an axis is out of range or repeated.</exception>
    public static Tensor LogSumExp(Tensor x, int[]? axes = null, bool keepDims = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        Tensor max = StopGradient(Max(x, axes, keepDims: true));
        // m - m is 0 exactly when m is finite; ±∞ and NaN give NaN, which compares unequal.
        Tensor finite = Equal(max - max, ZerosLike(max));
        Tensor shift = Where(finite, max, ZerosLike(max));
        Tensor sum = Sum(Exp(x - shift), axes, keepDims);
        return Log(sum) + (keepDims ? shift : ReshapeLike(shift, sum));
    }

    /// <summary>Population variance over <paramref name="axes"/> (all when null): mean((x - mean(x))²), as tf.math.reduce_variance.</summary>
    /// <param name="x">Float32 or float64 input.</param>
    /// <param name="axes">Axes to reduce; negative counts from the end; null reduces all.</param>
    /// <param name="keepDims">Keep reduced axes with size 1.</param>
    /// <returns>The reduced tensor, x's dtype. Divides by N, not N - 1.</returns>
    /// <exception cref="ArgumentException">x is not float32/float64, or an axis is out of range or repeated.</exception>
    public static Tensor Variance(Tensor x, int[]? axes = null, bool keepDims = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        // Two passes (subtract the mean first) rather than E[x²] - E[x]², which cancels catastrophically.
        Tensor centered = x - Mean(x, axes, keepDims: true);
        return Mean(Square(centered), axes, keepDims);
    }

    /// <summary>Population standard deviation over <paramref name="axes"/>: √<see cref="Variance"/>, as tf.math.reduce_std.</summary>
    /// <param name="x">Float32 or float64 input.</param>
    /// <param name="axes">Axes to reduce; negative counts from the end; null reduces all.</param>
    /// <param name="keepDims">Keep reduced axes with size 1.</param>
    /// <returns>The reduced tensor, x's dtype. Its gradient is infinite where the variance is 0.</returns>
    /// <exception cref="ArgumentException">x is not float32/float64, or an axis is out of range or repeated.</exception>
    public static Tensor Std(Tensor x, int[]? axes = null, bool keepDims = false) => Sqrt(Variance(x, axes, keepDims));
}
