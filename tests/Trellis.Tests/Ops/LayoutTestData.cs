namespace Trellis.Tests.Operations;

/// <summary>Random shapes, tensors and arguments for the layout-op tests (seeded, so failures reproduce).</summary>
internal static class LayoutTestData
{
    /// <summary>Every dtype: element sizes 1, 2, 4 and 8 bytes.</summary>
    public static readonly DType[] AllDTypes =
        [DType.Float32, DType.Float64, DType.Int32, DType.Int64, DType.UInt8, DType.Bool, DType.Float16, DType.BFloat16];

    /// <summary>A shape of the given rank with dims 1..maxDim (0 now and then when <paramref name="allowEmpty"/>).</summary>
    public static int[] RandomDims(Random rng, int rank, int maxDim = 4, bool allowEmpty = true)
    {
        var dims = new int[rank];
        for (int k = 0; k < rank; k++)
        {
            dims[k] = allowEmpty && rng.Next(12) == 0 ? 0 : rng.Next(1, maxDim + 1);
        }
        return dims;
    }

    /// <summary>Distinct values 1, 2, 3... in a random order, converted to dtype (bools alternate).</summary>
    public static Tensor RandomTensor(Random rng, Shape shape, DType dtype)
    {
        var values = new double[shape.Size];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = dtype switch
            {
                DType.Bool => rng.Next(2),
                DType.UInt8 => rng.Next(256),
                DType.Float32 or DType.Float64 => rng.NextDouble() * 200 - 100,
                _ => rng.Next(-1000, 1000),
            };
        }
        return Tensor.FromDoubles(values, shape, dtype);
    }

    /// <summary>Float64 values in [-2, 2] for gradient checks.</summary>
    public static Tensor RandomDouble(Shape shape, int seed) => Tensor.RandomUniform(shape, -2, 2, seed: seed, dtype: DType.Float64);

    /// <summary>A random permutation of 0..n-1.</summary>
    public static int[] RandomPermutation(Random rng, int n)
    {
        int[] p = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(p);
        return p;
    }

    /// <summary>Random int indices in [0, dim) as int32 or int64.</summary>
    public static Tensor RandomIndices(Random rng, Shape shape, int dim, DType dtype)
    {
        var values = new double[shape.Size];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.Next(dim);
        }
        return Tensor.FromDoubles(values, shape, dtype);
    }
}
