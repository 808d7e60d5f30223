using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Operations;

public class ReductionGradientTests
{
    public static TheoryData<int[]?, bool> AxesAndKeepDims() => new()
    {
        { null, false },
        { null, true },
        { [0], false },
        { [1], true },
        { [-1], false },
        { [0, 2], true },
        { [2, 0], false },
    };

    private static Tensor Input(int seed) => Tensor.RandomNormal([2, 3, 4], seed: seed, dtype: DType.Float64);

    [Theory]
    [MemberData(nameof(AxesAndKeepDims))]
    public void Sum_Gradient_MatchesFiniteDifferences(int[]? axes, bool keepDims) =>
        GradientAssert.MatchesFiniteDifferences(xs => Ops.Sum(xs[0], axes, keepDims), [Input(1)], name: "sum");

    [Theory]
    [MemberData(nameof(AxesAndKeepDims))]
    public void Mean_Gradient_MatchesFiniteDifferences(int[]? axes, bool keepDims) =>
        GradientAssert.MatchesFiniteDifferences(xs => Ops.Mean(xs[0], axes, keepDims), [Input(2)], name: "mean");

    [Theory]
    [MemberData(nameof(AxesAndKeepDims))]
    public void Max_Gradient_MatchesFiniteDifferences(int[]? axes, bool keepDims) =>
        GradientAssert.MatchesFiniteDifferences(xs => Ops.Max(xs[0], axes, keepDims), [Input(3)], name: "max");

    [Theory]
    [MemberData(nameof(AxesAndKeepDims))]
    public void Min_Gradient_MatchesFiniteDifferences(int[]? axes, bool keepDims) =>
        GradientAssert.MatchesFiniteDifferences(xs => Ops.Min(xs[0], axes, keepDims), [Input(4)], name: "min");

    [Theory]
    [MemberData(nameof(AxesAndKeepDims))]
    public void Prod_Gradient_MatchesFiniteDifferences(int[]? axes, bool keepDims) =>
        GradientAssert.MatchesFiniteDifferences(xs => Ops.Prod(xs[0], axes, keepDims), [Input(5)], name: "prod");

    [Fact]
    public void Prod_GradientWithAZero_MatchesFiniteDifferences()
    {
        Tensor x = Tensor.Constant(new double[,] { { 2, 0, 3 }, { 0, 0, 5 }, { 1, 4, 2 } });
        GradientAssert.MatchesFiniteDifferences(xs => Ops.Prod(xs[0], [1]), [x], name: "prod with zeros");
    }

    [Theory]
    [MemberData(nameof(AxesAndKeepDims))]
    public void LogSumExp_Gradient_MatchesFiniteDifferences(int[]? axes, bool keepDims) =>
        GradientAssert.MatchesFiniteDifferences(xs => Ops.LogSumExp(xs[0], axes, keepDims), [Input(6)], name: "logsumexp");

    [Theory]
    [MemberData(nameof(AxesAndKeepDims))]
    public void Variance_Gradient_MatchesFiniteDifferences(int[]? axes, bool keepDims) =>
        GradientAssert.MatchesFiniteDifferences(xs => Ops.Variance(xs[0], axes, keepDims), [Input(7)], name: "variance");

    [Theory]
    [MemberData(nameof(AxesAndKeepDims))]
    public void Std_Gradient_MatchesFiniteDifferences(int[]? axes, bool keepDims) =>
        GradientAssert.MatchesFiniteDifferences(xs => Ops.Std(xs[0], axes, keepDims), [Input(8)], name: "std");
}
