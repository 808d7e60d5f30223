namespace Trellis.Kernels.Elementwise;

/// <summary>Special functions .NET lacks.</summary>
internal static class SpecialFunctions
{
    /// <summary>The error function, to about 1e-15 relative (series for small |x|, continued fraction for large).</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }
        double ax = Math.Abs(x);
        if (ax < 2.5)
        {
            // Maclaurin series: erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1)).
            double sum = 0, term = ax;
            for (int n = 0; n < 100; n++)
            {
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }
                term *= -ax * ax / (n + 1);
            }
            return Math.CopySign(2.0 / Math.Sqrt(Math.PI) * sum, x);
        }
        return Math.CopySign(1.0 - Erfc(ax), x);
    }

    /// <summary>erfc(x) for x ≥ 2.5 by Lentz's continued fraction.</summary>
    private static double Erfc(double x)
    {
        // erfc(x) = exp(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
        double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 200; n++)
        {
            double a = n / 2.0;
            d = x + a * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}
