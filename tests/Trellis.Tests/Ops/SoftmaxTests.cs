using Trellis.Operations;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Operations;

public class SoftmaxTests
{
    // NOTE: log-softmax of the dominant entry is close to 0, where a relative tolerance alone cannot hold (the
    // absolute error of log Σ exp is about one float32 ulp of the sum); an absolute 1e-6 covers that entry.
    private const double LogAbsTolerance = 1e-6;

    public static TheoryData<int[], int> ShapesAndAxes()
    {
        var data = new TheoryData<int[], int>();
        int[][] shapes = [[7], [4, 5], [3, 4, 5], [2, 3, 4, 5], [3, 1, 17], [1, 9]];
        foreach (int[] shape in shapes)
        {
            foreach (int axis in new[] { 0, 1, -1 })
            {
                if (axis < shape.Length)
                {
                    data.Add(shape, axis);
                }
            }
        }
        return data;
    }

    [Fact]
    public void Softmax_FastAndReference_AgreeForEveryRowLength0To257()
    {
        for (int n = 0; n <= 257; n++)
        {
            Tensor x = Tensor.RandomNormal([3, n], stddev: 4, seed: n);
            var (fast, reference) = TensorAssert.FastAndReference(() => Ops.Softmax(x));
            TensorAssert.Close(reference, fast, rtol: 1e-6, context: $"softmax row length {n}");
            var (fastLog, referenceLog) = TensorAssert.FastAndReference(() => Ops.LogSoftmax(x));
            TensorAssert.Close(referenceLog, fastLog, rtol: 1e-6, atol: LogAbsTolerance, context: $"log-softmax row length {n}");
        }
    }

    [Fact]
    public void Softmax_Float64FastAndReference_AgreeForEveryRowLength0To257()
    {
        for (int n = 0; n <= 257; n++)
        {
            Tensor x = Tensor.RandomNormal([2, n], stddev: 4, seed: 1000 + n, dtype: DType.Float64);
            var (fast, reference) = TensorAssert.FastAndReference(() => Ops.Softmax(x));
            TensorAssert.Close(reference, fast, rtol: 1e-13, context: $"softmax f64 row length {n}");
            var (fastLog, referenceLog) = TensorAssert.FastAndReference(() => Ops.LogSoftmax(x));
            TensorAssert.Close(referenceLog, fastLog, rtol: 1e-13, atol: 1e-14, context: $"log-softmax f64 row length {n}");
        }
    }

    [Theory]
    [MemberData(nameof(ShapesAndAxes))]
    public void Softmax_AnyAxis_FastEqualsReference(int[] shape, int axis)
    {
        Tensor x = Tensor.RandomNormal(shape, stddev: 3, seed: shape.Length * 10 + axis);
        var (fast, reference) = TensorAssert.FastAndReference(() => Ops.Softmax(x, axis));
        TensorAssert.Close(reference, fast, rtol: 1e-6, context: $"softmax {string.Join("x", shape)} axis {axis}");
        var (fastLog, referenceLog) = TensorAssert.FastAndReference(() => Ops.LogSoftmax(x, axis));
        TensorAssert.Close(referenceLog, fastLog, rtol: 1e-6, atol: LogAbsTolerance, context: $"log-softmax {string.Join("x", shape)} axis {axis}");
    }

    [Theory]
    [MemberData(nameof(ShapesAndAxes))]
    public void Softmax_AnyAxis_SlicesSumToOne(int[] shape, int axis)
    {
        Tensor x = Tensor.RandomNormal(shape, stddev: 3, seed: 7, dtype: DType.Float64);
        Tensor sums = Ops.Sum(Ops.Softmax(x, axis), axis);
        TensorAssert.Close(Tensor.Ones(sums.Shape, DType.Float64), sums, rtol: 1e-14);
    }

    [Fact]
    public void Softmax_KnownValues_MatchNumPy()
    {
        Tensor y = Ops.Softmax(Tensor.Constant(new[] { 1f, 2f, 3f }));
        TensorAssert.Close(Tensor.Constant(new[] { 0.09003057f, 0.24472847f, 0.66524096f }), y, rtol: 1e-6);
    }

    [Fact]
    public void LogSoftmax_KnownValues_MatchNumPy()
    {
        // log(softmax([1, 2, 3])) = [1, 2, 3] - 3 - log(1 + e⁻¹ + e⁻²)
        Tensor y = Ops.LogSoftmax(Tensor.Constant(new[] { 1.0, 2.0, 3.0 }));
        double lse = Math.Log(1 + Math.Exp(-1) + Math.Exp(-2));
        TensorAssert.Close(Tensor.Constant(new[] { -2 - lse, -1 - lse, -lse }), y, rtol: 1e-15);
    }

    [Fact]
    public void Softmax_HugeInputs_StayFinite()
    {
        Tensor y = Ops.Softmax(Tensor.Constant(new[] { 1000f, 1001f, 1002f }));
        TensorAssert.Close(Tensor.Constant(new[] { 0.09003057f, 0.24472847f, 0.66524096f }), y, rtol: 1e-6);
        Tensor logY = Ops.LogSoftmax(Tensor.Constant(new[] { -1000f, 0f }));
        Assert.Equal(-1000f, logY.ToArray<float>()[0]);
    }

    [Fact]
    public void Softmax_NaNInRow_PoisonsOnlyThatRow()
    {
        Tensor x = Tensor.Constant(new float[,] { { 1, float.NaN, 3 }, { 1, 2, 3 } });
        foreach (bool reference in new[] { false, true })
        {
            using IDisposable? mode = reference ? KernelMode.Reference() : null;
            float[] y = Ops.Softmax(x).ToArray<float>();
            Assert.All(y[..3], v => Assert.True(float.IsNaN(v)));
            Assert.All(y[3..], v => Assert.False(float.IsNaN(v)));
        }
    }

    [Fact]
    public void Softmax_IntegerInput_ThrowsNamingTheOp()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.Softmax(Tensor.Constant(new[] { 1, 2 })));
        Assert.Contains("Softmax", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Softmax_AxisOutOfRange_ThrowsWithRange()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.LogSoftmax(Tensor.Zeros([2, 3]), axis: 2));
        Assert.Contains("-2..1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Softmax_Gradient_MatchesFiniteDifferences(int axis)
    {
        Tensor x = Tensor.RandomNormal([2, 3, 4], seed: 3, dtype: DType.Float64);
        GradientAssert.MatchesFiniteDifferences(xs => Ops.Softmax(xs[0], axis), [x], name: $"softmax axis {axis}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void LogSoftmax_Gradient_MatchesFiniteDifferences(int axis)
    {
        Tensor x = Tensor.RandomNormal([2, 3, 4], seed: 4, dtype: DType.Float64);
        GradientAssert.MatchesFiniteDifferences(xs => Ops.LogSoftmax(xs[0], axis), [x], name: $"log-softmax axis {axis}");
    }

    [Fact]
    public void Softmax_SecondDerivative_MatchesFiniteDifferences()
    {
        // The gradient rule is written with Ops, so differentiating it again must work too.
        Tensor x = Tensor.RandomNormal([3, 4], seed: 5, dtype: DType.Float64);
        Tensor w = Tensor.RandomNormal([3, 4], seed: 6, dtype: DType.Float64);
        GradientAssert.MatchesFiniteDifferences(xs =>
        {
            using var tape = new GradientTape();
            tape.Watch(xs[0]);
            Tensor loss = Ops.Sum(Ops.Softmax(xs[0]) * w);
            return tape.Gradient(loss, xs[0])!;
        }, [x], tolerance: 1e-5, name: "softmax second derivative");
    }
}
