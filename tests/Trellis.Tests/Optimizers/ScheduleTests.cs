using Trellis.Optimizers;
using Trellis.Optimizers.Schedules;

namespace Trellis.Tests.Optimizers;

public class ScheduleTests
{
    [Fact]
    public void ExponentialDecay_MatchesFormula()
    {
        Assert.Equal(0.1 * Math.Pow(0.5, 0.25), new ExponentialDecay(0.1, 100, 0.5).Compute(25), 15);
        Assert.Equal(0.1, new ExponentialDecay(0.1, 100, 0.5, staircase: true).Compute(99), 15);
        Assert.Equal(0.05, new ExponentialDecay(0.1, 100, 0.5, staircase: true).Compute(100), 15);
    }

    [Fact]
    public void PiecewiseConstantDecay_BoundariesInclusive()
    {
        var s = new PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1]);
        Assert.Equal([1.0, 1.0, 0.5, 0.5, 0.1], new long[] { 0, 10, 11, 20, 21 }.Select(s.Compute));
    }

    [Fact]
    public void InversePolynomialCosine_MatchFormulas()
    {
        Assert.Equal(0.1 / (1 + 0.5 * 2.5), new InverseTimeDecay(0.1, 10, 0.5).Compute(25), 15);
        Assert.Equal((0.1 - 0.01) * Math.Pow(0.75, 2) + 0.01, new PolynomialDecay(0.1, 100, 0.01, power: 2).Compute(25), 15);
        Assert.Equal(0.01, new PolynomialDecay(0.1, 100, 0.01).Compute(500), 15);
        // cycle: step 150 lies in the second period, so decaySteps becomes 200.
        Assert.Equal((0.1 - 0.01) * 0.25 + 0.01, new PolynomialDecay(0.1, 100, 0.01, cycle: true).Compute(150), 15);
        Assert.Equal(0.1 * (0.9 * 0.5 * (1 + Math.Cos(Math.PI / 4)) + 0.1), new CosineDecay(0.1, 100, alpha: 0.1).Compute(25), 15);
    }

    public static TheoryData<string> Schedules => ["exponential", "exponential_staircase", "piecewise", "inverse_time", "polynomial", "polynomial_cycle", "cosine"];

    private static LearningRateSchedule Create(string name) => name switch
    {
        "exponential" => new ExponentialDecay(0.1, 7, 0.5),
        "exponential_staircase" => new ExponentialDecay(0.1, 7, 0.5, staircase: true),
        "piecewise" => new PiecewiseConstantDecay([3, 10, 20], [1.0, 0.5, 0.1, 0.01]),
        "inverse_time" => new InverseTimeDecay(0.1, 5, 0.5, staircase: true),
        "polynomial" => new PolynomialDecay(0.1, 20, 0.01, power: 2),
        "polynomial_cycle" => new PolynomialDecay(0.1, 9, 0.01, cycle: true),
        "cosine" => new CosineDecay(0.1, 25, alpha: 0.1),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public void ComputeOnTensors_EagerAndTraced_EqualsComputeOnSteps(string name)
    {
        // A traced training step computes the rate from the iteration tensor; it must be the C# formula's value.
        var schedule = Create(name);
        var traced = Function.Trace((Tensor step) => schedule.Compute(step));
        for (long step = 0; step <= 45; step++)
        {
            double expected = schedule.Compute(step);
            var input = Tensor.Scalar(step, DType.Float64);
            Assert.Equal(expected, schedule.Compute(input).GetAsDouble(0), 15);
            Assert.Equal(expected, traced.Invoke(input).GetAsDouble(0), 15);
        }
        Assert.Equal(1, traced.TraceCount);
    }

    [Fact]
    public void Optimizer_WithSchedule_UsesRateForCurrentStep()
    {
        var sgd = new SGD { Schedule = new PiecewiseConstantDecay([0], [1.0, 0.5]) };
        var w = new Variable(Tensor.Zeros([1], DType.Float64), "w");

        sgd.ApplyGradients([(Tensor.Constant(new[] { 1.0 }), w)]);
        sgd.ApplyGradients([(Tensor.Constant(new[] { 1.0 }), w)]);

        Assert.Equal(-1.5, w.ToArray<double>()[0]);
    }
}
