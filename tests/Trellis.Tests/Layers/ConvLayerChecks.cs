using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers;

/// <summary>
/// Layer checks for the convolution and pooling layers (no shared layer contract test exists yet): build from the
/// input shape, output shape, weight names and shapes, and float64 gradients against finite differences for the
/// input and for every weight.
/// </summary>
internal static class ConvLayerChecks
{
    public static void Check(Layer layer, Shape input, Shape expectedOutput, string[] weightNames, Shape[] weightShapes, double tolerance = 1e-6)
    {
        Assert.Equal(DType.Float64, layer.DType);
        Tensor x = Tensor.RandomUniform(input, -1, 1, seed: 31, dtype: DType.Float64);
        Tensor y = layer.Apply(x);
        Assert.True(layer.Built);
        Assert.Equal(expectedOutput, y.Shape);
        Assert.Equal(expectedOutput, layer.ComputeOutputShape(input));
        Assert.Equal(weightNames, layer.Variables.Select(v => v.Name.Split('/')[^1]));
        Assert.Equal(weightShapes, layer.Variables.Select(v => v.Shape));
        Assert.Equal(weightNames.Length, layer.TrainableVariables.Count);

        // Weights random (bias too), so every term of the gradient is exercised.
        int seed = 40;
        foreach (var w in layer.Variables)
        {
            w.Assign(Tensor.RandomUniform(w.Shape, -1, 1, seed: seed++, dtype: DType.Float64));
        }
        GradientAssert.MatchesFiniteDifferences(v => layer.Apply(v[0]), [x], tolerance, name: layer.Name + " input");
        CheckWeights(layer, x, tolerance);
    }

    private static void CheckWeights(Layer layer, Tensor x, double tolerance, double h = 1e-6)
    {
        Tensor r = Tensor.RandomUniform(layer.Apply(x).Shape, 0.5, 1.5, seed: 7, dtype: DType.Float64);
        double Loss() => Ops.Sum(layer.Apply(x) * r).Item<double>();
        Tensor[] weights = [.. layer.TrainableVariables];
        Tensor[] analytic;
        using (var tape = new GradientTape())
        {
            tape.Watch(weights);
            analytic = tape.Gradient(Ops.Sum(layer.Apply(x) * r), weights);
        }
        for (int k = 0; k < weights.Length; k++)
        {
            var variable = layer.TrainableVariables[k];
            double[] values = variable.ToArray<double>();
            double[] g = analytic[k].ToArray<double>();
            for (int i = 0; i < values.Length; i++)
            {
                double saved = values[i];
                values[i] = saved + h;
                variable.Assign(Tensor.Constant(values, variable.Shape));
                double up = Loss();
                values[i] = saved - h;
                variable.Assign(Tensor.Constant(values, variable.Shape));
                double down = Loss();
                values[i] = saved;
                variable.Assign(Tensor.Constant(values, variable.Shape));
                double numeric = (up - down) / (2 * h);
                double err = Math.Abs(numeric - g[i]) / Math.Max(1.0, Math.Abs(numeric));
                Assert.True(err <= tolerance, $"{layer.Name}: d/d({variable.Name})[{i}] tape={g[i]:R} finite-diff={numeric:R}");
            }
        }
    }
}
