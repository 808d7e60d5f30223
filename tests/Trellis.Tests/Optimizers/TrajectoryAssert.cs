using System.Runtime.CompilerServices;
using System.Text.Json;
using Trellis.Optimizers;

namespace Trellis.Tests.Optimizers;

/// <summary>
/// Runs an optimizer on the golden files' quadratic, loss = Σ (½ c w² − d w) from w0, and compares every step with a
/// reference trajectory (tools/reference/optimizers*.py write them).
/// </summary>
internal static class TrajectoryAssert
{
    public static JsonElement Load(string file, [CallerFilePath] string here = "")
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "TestData", file))).RootElement;

    /// <summary>Asserts |actual − want| ≤ rtol·|want| + atol for every element of every one of the 20 steps.</summary>
    public static void Follows(Optimizer optimizer, JsonElement golden, string name, double rtol, double atol)
    {
        var w = new Variable(Vector(golden, "w0"), "w");
        var c = Vector(golden, "c");
        var d = Vector(golden, "d");
        var expected = golden.GetProperty("cases").GetProperty(name);
        Assert.Equal(20, expected.GetArrayLength());
        for (int step = 0; step < 20; step++)
        {
            Tensor grad;
            using (var tape = new GradientTape())
            {
                var loss = Ops.Sum(0.5 * c * w * w - d * w);
                grad = tape.Gradient(loss, [w])[0];
            }
            optimizer.ApplyGradients([(grad, w)]);

            double[] actual = w.ToArray<double>();
            double[] want = [.. expected[step].EnumerateArray().Select(e => e.GetDouble())];
            Assert.Equal(want.Length, actual.Length);
            for (int i = 0; i < want.Length; i++)
            {
                Assert.True(Math.Abs(actual[i] - want[i]) <= rtol * Math.Abs(want[i]) + atol,
                    $"{name} step {step + 1} element {i}: expected {want[i]:R}, got {actual[i]:R}");
            }
        }
        Assert.Equal(20L, optimizer.Iterations.Item<long>());
    }

    private static Tensor Vector(JsonElement golden, string key)
        => Tensor.Constant(golden.GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToArray(), [5]);
}
