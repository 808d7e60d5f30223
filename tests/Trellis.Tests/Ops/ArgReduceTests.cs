using Trellis.Operations;

namespace Trellis.Tests.Operations;

public class ArgReduceTests
{
    [Fact]
    public void ArgMax_Matrix_GivesInt64IndexPerRowAndColumn()
    {
        Tensor x = Tensor.Constant(new float[,] { { 1, 5, 2 }, { 7, 0, 3 } });
        Tensor rows = Ops.ArgMax(x, axis: -1);
        Assert.Equal(DType.Int64, rows.DType);
        Assert.Equal(new Shape([2]), rows.Shape);
        Assert.Equal(new long[] { 1, 0 }, rows.ToArray<long>());
        Assert.Equal(new long[] { 1, 0, 1 }, Ops.ArgMax(x, axis: 0).ToArray<long>());
        Assert.Equal(new long[] { 0, 1 }, Ops.ArgMin(x, axis: 1).ToArray<long>());
        Assert.Equal(new long[] { 0, 1, 0 }, Ops.ArgMin(x, axis: 0).ToArray<long>());
    }

    [Fact]
    public void ArgMax_Ties_GiveFirstOccurrence()
    {
        Tensor x = Tensor.Constant(new[] { 3, 1, 3, 1 });
        Assert.Equal(0L, Ops.ArgMax(x, 0).Item<long>());
        Assert.Equal(1L, Ops.ArgMin(x, 0).Item<long>());
    }

    [Fact]
    public void ArgMax_SignedZeros_AreTiesAsInNumPy()
    {
        Tensor x = Tensor.Constant(new[] { -0.0, 0.0 });
        Assert.Equal(0L, Ops.ArgMax(x, 0).Item<long>());
        Assert.Equal(0L, Ops.ArgMin(x, 0).Item<long>());
    }

    [Fact]
    public void ArgMax_NaN_GivesFirstNaN()
    {
        Tensor x = Tensor.Constant(new[] { 1f, float.NaN, 9f, float.NaN });
        Assert.Equal(1L, Ops.ArgMax(x, 0).Item<long>());
        Assert.Equal(1L, Ops.ArgMin(x, 0).Item<long>());
    }

    [Fact]
    public void ArgMax_Rank3MiddleAxis_MatchesLoop()
    {
        Tensor x = Tensor.RandomNormal([2, 5, 3], seed: 11, dtype: DType.Float64);
        long[] got = Ops.ArgMax(x, 1).ToArray<long>();
        Assert.Equal(new Shape([2, 3]), Ops.ArgMax(x, 1).Shape);
        for (int o = 0; o < 2; o++)
        {
            for (int i = 0; i < 3; i++)
            {
                int best = 0;
                for (int a = 1; a < 5; a++)
                {
                    if (x.GetValue<double>(o, a, i) > x.GetValue<double>(o, best, i))
                    {
                        best = a;
                    }
                }
                Assert.Equal(best, got[o * 3 + i]);
            }
        }
    }

    [Fact]
    public void ArgMax_UInt8AndInt64_Work()
    {
        Assert.Equal(2L, Ops.ArgMax(Tensor.Constant(new byte[] { 1, 2, 255 }), 0).Item<long>());
        Assert.Equal(0L, Ops.ArgMin(Tensor.Constant(new long[] { long.MinValue, 0 }), 0).Item<long>());
    }

    [Fact]
    public void ArgMax_EmptyAxis_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.ArgMax(Tensor.Zeros([2, 0]), 1));
        Assert.Contains("ArgMax", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ArgMax_Gradient_IsNull()
    {
        Tensor x = Tensor.Constant(new[] { 1.0, 2.0 });
        Tensor y = Ops.ArgMax(x, 0);
        var op = new ArgReduceOp(0, max: true);
        Assert.Null(op.Gradient(new GradientContext([x], y, Tensor.Zeros(y.Shape, DType.Int64)))[0]);
    }
}
