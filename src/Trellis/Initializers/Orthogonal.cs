namespace Trellis.Initializers;

/// <summary>
/// A random orthogonal matrix times <paramref name="gain"/>: the Q factor of a normal matrix's QR decomposition,
/// with shapes of rank above 2 flattened to (product of all but the last axis, last axis).
/// </summary>
/// <param name="gain">Multiplier.</param>
/// <param name="seed">Seed; the same seed gives the same values on every call. Null draws fresh values each call.</param>
public sealed class Orthogonal(double gain = 1.0, long? seed = null) : IInitializer
{
    /// <inheritdoc/>
    public string ClassName => "Orthogonal";

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The shape has rank below 2.</exception>
    public Tensor Create(Shape shape, DType dtype)
    {
        if (shape.Rank < 2)
        {
            throw new ArgumentException($"The Orthogonal initializer needs a shape of rank 2 or more, but received {shape}.", nameof(shape));
        }
        int cols = shape[^1];
        int rows = shape.Size / Math.Max(1, cols);
        // Orthonormalize the columns of a tall (n, m) normal matrix; a wide result is the transpose of a tall one.
        int n = Math.Max(rows, cols), m = Math.Min(rows, cols);
        var a = Tensor.RandomNormal([n, m], seed: seed, dtype: DType.Float64).ToArray<double>();
        for (int j = 0; j < m; j++)
        {
            for (int k = 0; k < j; k++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++)
                {
                    dot += a[i * m + j] * a[i * m + k];
                }
                for (int i = 0; i < n; i++)
                {
                    a[i * m + j] -= dot * a[i * m + k];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++)
            {
                norm += a[i * m + j] * a[i * m + j];
            }
            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++)
            {
                a[i * m + j] /= norm;
            }
        }
        var result = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                result[r * cols + c] = gain * (rows >= cols ? a[r * m + c] : a[c * m + r]);
            }
        }
        return Tensor.FromDoubles(result, shape, dtype);
    }

    /// <inheritdoc/>
    public Dictionary<string, object?> GetConfig() => new() { ["gain"] = gain, ["seed"] = seed };
}
