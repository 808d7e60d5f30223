using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Operations;

public class CompositeReductionTests
{
    [Fact]
    public void LogSumExp_KnownValues_MatchDirectFormula()
    {
        Tensor x = Tensor.Constant(new double[,] { { 1, 2, 3 }, { -1, 0, 4 } });
        Tensor y = Ops.LogSumExp(x, [1]);
        Assert.Equal(new Shape([2]), y.Shape);
        double a = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3));
        double b = Math.Log(Math.Exp(-1) + Math.Exp(0) + Math.Exp(4));
        TensorAssert.Close(Tensor.Constant(new[] { a, b }), y, rtol: 1e-15);
    }

    [Fact]
    public void LogSumExp_HugeInputs_DoNotOverflow()
    {
        Tensor y = Ops.LogSumExp(Tensor.Constant(new[] { 1000f, 1000f }));
        Assert.Equal(1000 + MathF.Log(2), y.Item<float>(), 4);
    }

    [Fact]
    public void LogSumExp_AllNegativeInfinity_IsNegativeInfinity()
    {
        Tensor y = Ops.LogSumExp(Tensor.Constant(new[] { double.NegativeInfinity, double.NegativeInfinity }));
        Assert.Equal(double.NegativeInfinity, y.Item<double>());
    }

    [Fact]
    public void LogSumExp_KeepDims_KeepsReducedAxes()
    {
        Tensor y = Ops.LogSumExp(Tensor.Zeros([2, 3, 4]), [0, 2], keepDims: true);
        Assert.Equal(new Shape([1, 3, 1]), y.Shape);
        TensorAssert.Close(Tensor.Fill([1, 3, 1], MathF.Log(8)), y, rtol: 1e-6);
    }

    [Fact]
    public void Variance_KnownValues_ArePopulationVariance()
    {
        // NumPy: np.var([[1, 2], [3, 4]]) = 1.25, np.var(..., axis=0) = [1, 1], np.std(..., axis=1) = [0.5, 0.5]
        Tensor x = Tensor.Constant(new double[,] { { 1, 2 }, { 3, 4 } });
        Assert.Equal(1.25, Ops.Variance(x).Item<double>(), 15);
        Assert.Equal(new[] { 1.0, 1.0 }, Ops.Variance(x, [0]).ToArray<double>());
        Assert.Equal(new[] { 0.5, 0.5 }, Ops.Std(x, [1]).ToArray<double>());
        Assert.Equal(new Shape([2, 1]), Ops.Std(x, [1], keepDims: true).Shape);
    }

    [Fact]
    public void Variance_LargeOffset_DoesNotCancel()
    {
        // E[x²] - E[x]² would lose every digit here in float32; the two-pass form keeps them.
        Tensor x = Tensor.Constant(new[] { 1e4f + 1, 1e4f + 2, 1e4f + 3, 1e4f + 4 });
        Assert.Equal(1.25f, Ops.Variance(x).Item<float>(), 5);
    }
}
