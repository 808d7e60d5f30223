using Trellis.Initializers;

namespace Trellis.Tests.Initializers;

public class InitializerTests
{
    [Theory]
    [InlineData("glorot_uniform", 2.0 / (400 + 300))]
    [InlineData("he_uniform", 2.0 / 400)]
    [InlineData("lecun_uniform", 1.0 / 400)]
    [InlineData("glorot_normal", 2.0 / (400 + 300))]
    [InlineData("he_normal", 2.0 / 400)]
    [InlineData("lecun_normal", 1.0 / 400)]
    public void VarianceScaling_Variance_MatchesKerasRule(string name, double variance)
    {
        var values = InitializerRegistry.Get(name).Create([400, 300], DType.Float64).ToArray<double>();
        double mean = values.Average();
        double var = values.Sum(v => (v - mean) * (v - mean)) / values.Length;

        Assert.InRange(mean, -0.01 * Math.Sqrt(variance) * 10, 0.01 * Math.Sqrt(variance) * 10);
        Assert.InRange(var / variance, 0.97, 1.03);
    }

    [Fact]
    public void GlorotUniform_Values_WithinLimit()
    {
        double limit = Math.Sqrt(6.0 / (30 + 20));
        Assert.All(new GlorotUniform(seed: 1).Create([30, 20], DType.Float64).ToArray<double>(), v => Assert.InRange(v, -limit, limit));
    }

    [Fact]
    public void Seeded_SameSeed_SameValuesEveryCall()
    {
        var init = new HeNormal(seed: 3);
        Assert.Equal(init.Create([5, 5], DType.Float32).ToArray<float>(), init.Create([5, 5], DType.Float32).ToArray<float>());
        Assert.NotEqual(init.Create([5, 5], DType.Float32).ToArray<float>(), new HeNormal(seed: 4).Create([5, 5], DType.Float32).ToArray<float>());
    }

    [Fact]
    public void Orthogonal_TallAndWide_HaveOrthonormalColumnsOrRows()
    {
        foreach (var (rows, cols) in new[] { (6, 4), (4, 6) })
        {
            var q = new Orthogonal(seed: 2).Create([rows, cols], DType.Float64).ToArray<double>();
            int n = Math.Min(rows, cols);
            for (int a = 0; a < n; a++)
            {
                for (int b = 0; b < n; b++)
                {
                    double dot = 0;
                    for (int k = 0; k < Math.Max(rows, cols); k++)
                    {
                        dot += rows >= cols ? q[k * cols + a] * q[k * cols + b] : q[a * cols + k] * q[b * cols + k];
                    }
                    Assert.Equal(a == b ? 1.0 : 0.0, dot, 12);
                }
            }
        }
    }

    [Fact]
    public void ConstantsAndIdentity_ExactValues()
    {
        Assert.All(new Zeros().Create([3], DType.Float32).ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.All(new Ones().Create([3], DType.Float32).ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.All(new Constant(2.5).Create([3], DType.Float32).ToArray<float>(), v => Assert.Equal(2.5f, v));
        Assert.Equal([2.0, 0, 0, 0, 2, 0], new Identity(2).Create([2, 3], DType.Float64).ToArray<double>());
    }

    [Fact]
    public void RandomUniformAndNormal_KerasDefaults()
    {
        Assert.All(new RandomUniform(seed: 1).Create([1000], DType.Float64).ToArray<double>(), v => Assert.InRange(v, -0.05, 0.05));
        Assert.All(new TruncatedNormal(seed: 1).Create([1000], DType.Float64).ToArray<double>(), v => Assert.InRange(v, -0.1, 0.1));
        var n = new RandomNormal(seed: 1).Create([20000], DType.Float64).ToArray<double>();
        Assert.InRange(Math.Sqrt(n.Average(v => v * v)), 0.049, 0.051);
    }

    [Fact]
    public void Serialize_HasKeras3Structure()
    {
        var s = InitializerRegistry.Serialize(new GlorotUniform(seed: 7));
        Assert.Equal("keras.initializers", s["module"]);
        Assert.Equal("GlorotUniform", s["class_name"]);
        Assert.Equal(7L, ((Dictionary<string, object?>)s["config"]!)["seed"]);
    }
}
