namespace Trellis.Tests.TestSupport;

/// <summary>Checks tape gradients against central finite differences in float64.</summary>
internal static class GradientAssert
{
    /// <summary>
    /// For a scalar L = Σ f(inputs) ⊙ r with a fixed random r, compares dL/d(input k) from the tape with
    /// (L(x + h e_i) - L(x - h e_i)) / 2h for every element; inputs must be float64.
    /// </summary>
    public static void MatchesFiniteDifferences(Func<Tensor[], Tensor> f, Tensor[] inputs, double tolerance = 1e-6, double h = 1e-6, int seed = 99, string? name = null)
    {
        Tensor probe = f(inputs);
        Tensor weights = Tensor.RandomUniform(probe.Shape, 0.5, 1.5, seed: seed, dtype: DType.Float64);
        Func<Tensor[], double> loss = xs => Ops.Sum(f(xs) * weights).Item<double>();

        Tensor?[] analytic;
        using (var tape = new GradientTape())
        {
            tape.Watch(inputs);
            Tensor l = Ops.Sum(f(inputs) * weights);
            analytic = tape.Gradient(l, inputs, UnconnectedGradients.Zero);
        }

        for (int k = 0; k < inputs.Length; k++)
        {
            if (inputs[k].DType != DType.Float64)
            {
                continue;
            }
            double[] x = inputs[k].ToArray<double>();
            double[] g = analytic[k]!.ToArray<double>();
            for (int i = 0; i < x.Length; i++)
            {
                double saved = x[i];
                x[i] = saved + h;
                double up = loss(Replace(inputs, k, Tensor.Constant(x, inputs[k].Shape)));
                x[i] = saved - h;
                double down = loss(Replace(inputs, k, Tensor.Constant(x, inputs[k].Shape)));
                x[i] = saved;
                double numeric = (up - down) / (2 * h);
                double err = Math.Abs(numeric - g[i]) / Math.Max(1.0, Math.Abs(numeric));
                Assert.True(err <= tolerance,
                    $"{name}: d/d(input {k})[{i}] tape={g[i]:R} finite-diff={numeric:R} (error {err:E2} > {tolerance:E0})");
            }
        }
    }

    private static Tensor[] Replace(Tensor[] xs, int k, Tensor v)
    {
        var copy = (Tensor[])xs.Clone();
        copy[k] = v;
        return copy;
    }
}
