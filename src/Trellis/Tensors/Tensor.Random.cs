using Trellis.Tensors;

namespace Trellis;

public partial class Tensor
{
    /// <summary>Normally distributed values: mean + stddev * N(0, 1).</summary>
    /// <param name="shape">Output shape.</param>
    /// <param name="mean">Mean.</param>
    /// <param name="stddev">Standard deviation.</param>
    /// <param name="seed">Seed; the same seed gives the same numbers on any thread count. Null draws a fresh seed.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <param name="offset">Counter offset: lets a stateful generator continue a stream without repeating numbers.</param>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is not a float type.</exception>
    public static Tensor RandomNormal(Shape shape, double mean = 0, double stddev = 1, long? seed = null, DType dtype = DType.Float32, ulong offset = 0)
    {
        RequireFloat(dtype, nameof(RandomNormal));
        ulong key = Philox.KeyFromSeed(seed ?? Philox.NextAutoSeed());
        int n = shape.Size;
        var values = new double[n];
        for (int i = 0; i < n; i += 2)
        {
            var (a, b, _, _) = Philox.Block(key, offset + (ulong)(i / 2));
            var (z0, z1) = Philox.BoxMuller(a, b);
            values[i] = mean + stddev * z0;
            if (i + 1 < n)
            {
                values[i + 1] = mean + stddev * z1;
            }
        }
        return FromDoubles(values, shape, dtype);
    }

    /// <summary>Uniform values in [minval, maxval).</summary>
    /// <param name="shape">Output shape.</param>
    /// <param name="minval">Inclusive lower bound.</param>
    /// <param name="maxval">Exclusive upper bound.</param>
    /// <param name="seed">Seed; null draws a fresh one.</param>
    /// <param name="dtype">float32, float64, int32 or int64 (integers are uniform over [minval, maxval)).</param>
    /// <param name="offset">Counter offset for stateful generators.</param>
    public static Tensor RandomUniform(Shape shape, double minval = 0, double maxval = 1, long? seed = null, DType dtype = DType.Float32, ulong offset = 0)
    {
        if (!(dtype.IsFloating() || dtype is DType.Int32 or DType.Int64))
        {
            throw new ArgumentException($"RandomUniform supports float32, float64, int32 and int64, not {dtype.Name()}.", nameof(dtype));
        }
        if (!(maxval > minval))
        {
            throw new ArgumentException($"RandomUniform needs maxval > minval, but received minval={minval}, maxval={maxval}.", nameof(maxval));
        }
        var t = Allocate(shape, dtype);
        FillUniform(t, minval, maxval, Philox.KeyFromSeed(seed ?? Philox.NextAutoSeed()), offset);
        return t;
    }

    /// <summary>Writes uniform values into <paramref name="t"/>: element i takes Philox counter <c>offset + i</c>.</summary>
    internal static void FillUniform(Tensor t, double minval, double maxval, ulong key, ulong offset)
    {
        var dtype = t.DType;
        int n = t.Size;
        for (int i = 0; i < n; i++)
        {
            var (a, b, _, _) = Philox.Block(key, offset + (ulong)i);
            switch (dtype)
            {
                case DType.Float32:
                    t.Span<float>()[i] = (float)minval + Philox.ToUnitFloat(a) * (float)(maxval - minval);
                    break;
                case DType.Float64:
                    t.Span<double>()[i] = minval + Philox.ToUnitDouble(a, b) * (maxval - minval);
                    break;
                default:
                    t.SetFromDouble(i, Math.Floor(minval + Philox.ToUnitDouble(a, b) * Math.Floor(maxval - minval)));
                    break;
            }
        }
    }

    /// <summary>Normal values truncated to within two standard deviations (redrawn, as TensorFlow does).</summary>
    /// <param name="shape">Output shape.</param>
    /// <param name="mean">Mean.</param>
    /// <param name="stddev">Standard deviation before truncation.</param>
    /// <param name="seed">Seed; null draws a fresh one.</param>
    /// <param name="dtype">float32 or float64.</param>
    public static Tensor TruncatedNormal(Shape shape, double mean = 0, double stddev = 1, long? seed = null, DType dtype = DType.Float32)
    {
        RequireFloat(dtype, nameof(TruncatedNormal));
        ulong key = Philox.KeyFromSeed(seed ?? Philox.NextAutoSeed());
        int n = shape.Size;
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            double z;
            ulong round = 0;
            do
            {
                var (a, b, _, _) = Philox.Block(key, (ulong)i, round++);
                z = Philox.BoxMuller(a, b).Item1;
            }
            while (Math.Abs(z) > 2.0);
            values[i] = mean + stddev * z;
        }
        return FromDoubles(values, shape, dtype);
    }

    private static void RequireFloat(DType dtype, string op)
    {
        if (!dtype.IsFloating())
        {
            throw new ArgumentException($"{op} produces float32 or float64, not {dtype.Name()}.", nameof(dtype));
        }
    }
}
