using Trellis.Activations;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Activations;

public class ActivationFunctionsTests
{
    private static readonly double[] s_x = [-3, -1, -0.25, 0, 0.5, 2, 7];

    public static TheoryData<string> Names() => [.. ActivationFunctions.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Get_EveryName_MatchesScalarFormula(string name)
    {
        var f = ActivationFunctions.Get(name);
        var y = f(Tensor.Constant(s_x, [1, s_x.Length])).ToArray<double>();
        double sumExp = s_x.Sum(Math.Exp);
        for (int i = 0; i < s_x.Length; i++)
        {
            double x = s_x[i];
            double expected = name switch
            {
                "linear" => x,
                "relu" => Math.Max(x, 0),
                "sigmoid" => 1 / (1 + Math.Exp(-x)),
                "tanh" => Math.Tanh(x),
                "softmax" => Math.Exp(x) / sumExp,
                "log_softmax" => x - Math.Log(sumExp),
                "elu" => x > 0 ? x : Math.Exp(x) - 1,
                "selu" => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (Math.Exp(x) - 1)),
                "gelu" => 0.5 * x * (1 + Erf(x / Math.Sqrt(2))),
                "softplus" => Math.Log(1 + Math.Exp(x)),
                "softsign" => x / (1 + Math.Abs(x)),
                "swish" or "silu" => x / (1 + Math.Exp(-x)),
                "leaky_relu" => x > 0 ? x : 0.2 * x,
                "relu6" => Math.Min(Math.Max(x, 0), 6),
                "hard_sigmoid" => Math.Min(Math.Max(x + 3, 0), 6) / 6,
                "exponential" => Math.Exp(x),
                _ => throw new ArgumentException(name),
            };
            Assert.True(Math.Abs(expected - y[i]) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"{name}({x}) = {y[i]}, expected {expected}");
        }
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("softmax")]
    [InlineData("gelu")]
    [InlineData("hard_sigmoid")]
    [InlineData("swish")]
    public void Get_Gradient_MatchesFiniteDifferences(string name)
    {
        var f = ActivationFunctions.Get(name);
        GradientAssert.MatchesFiniteDifferences(xs => f(xs[0]), [Tensor.Constant(new[] { -2.1, -0.4, 0.3, 1.7, 4.2, -5.5 }, [2, 3])], tolerance: 1e-6);
    }

    [Fact]
    public void Get_UnknownName_ListsChoices()
    {
        var ex = Assert.Throws<ArgumentException>(() => ActivationFunctions.Get("rleu"));
        Assert.Contains("relu", ex.Message, StringComparison.Ordinal);
    }

    private static double Erf(double x)
    {
        // Maclaurin series (cancellation costs ~5 digits at |x| = 4); beyond that erf is ±1 within 1e-8.
        if (Math.Abs(x) > 4)
        {
            return Math.Sign(x);
        }
        double sum = 0, term = x;
        for (int n = 0; n < 60; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
