using Trellis.Layers;

namespace Trellis.Tests.Layers.Recurrent;

/// <summary>
/// Gradient checks of a layer's weights against central finite differences (float64): the tape's gradient of
/// L = Σ f() ⊙ r with respect to each variable, against (L(w + h) − L(w − h)) / 2h with the variable assigned in place.
/// Inputs are checked with TestSupport's GradientAssert; this covers what that helper cannot reach, the variables.
/// </summary>
internal static class LayerGradients
{
    public static void CheckWeights(Func<Tensor> f, IReadOnlyList<Variable> weights, double tolerance = 1e-6, double h = 1e-6, string? name = null)
    {
        Assert.NotEmpty(weights);
        Tensor probe = f();
        Tensor r = Tensor.RandomUniform(probe.Shape, 0.5, 1.5, seed: 7, dtype: DType.Float64);
        Tensor?[] analytic;
        using (var tape = new GradientTape())
        {
            Tensor loss = Ops.Sum(f() * r);
            analytic = tape.Gradient(loss, [.. weights], UnconnectedGradients.Zero);
        }
        for (int k = 0; k < weights.Count; k++)
        {
            Variable w = weights[k];
            double[] x = w.ToArray<double>();
            double[] g = analytic[k]!.ToArray<double>();
            for (int i = 0; i < x.Length; i++)
            {
                double saved = x[i];
                x[i] = saved + h;
                w.Assign(Tensor.Constant(x, w.Shape));
                double up = Ops.Sum(f() * r).Item<double>();
                x[i] = saved - h;
                w.Assign(Tensor.Constant(x, w.Shape));
                double down = Ops.Sum(f() * r).Item<double>();
                x[i] = saved;
                w.Assign(Tensor.Constant(x, w.Shape));
                double numeric = (up - down) / (2 * h);
                double err = Math.Abs(numeric - g[i]) / Math.Max(1.0, Math.Abs(numeric));
                Assert.True(err <= tolerance, $"{name}: d/d({w.Name})[{i}] tape={g[i]:R} finite-diff={numeric:R} (error {err:E2} > {tolerance:E0})");
            }
        }
    }
}
