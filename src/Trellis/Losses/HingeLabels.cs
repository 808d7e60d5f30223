namespace Trellis.Losses;

/// <summary>Label conversions shared by the margin and cosine losses.</summary>
internal static class HingeLabels
{
    /// <summary>Keras converts labels that are all 0 or 1 to -1 or 1 before a hinge loss.</summary>
    public static Tensor Convert(Tensor y)
    {
        for (int i = 0; i < y.Size; i++)
        {
            double v = y.GetAsDouble(i);
            if (v != 0 && v != 1)
            {
                return y;
            }
        }
        return 2.0 * y - 1.0;
    }

    /// <summary>x / sqrt(max(sum(x²), 1e-12)) along the last axis.</summary>
    public static Tensor L2Normalize(Tensor x)
        => x * Ops.Rsqrt(Ops.Maximum(Ops.Sum(Ops.Square(x), -1, keepDims: true), Tensor.Scalar(1e-12, x.DType)));
}
