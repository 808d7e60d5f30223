using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Operations;

/// <summary>Every element-wise op's fast kernel equals its reference kernel, over every length 0..257 and broadcast shapes of rank 0..5.</summary>
public class ElementwiseFastPathTests
{
    public static TheoryData<string> UnaryFloatOps => new(UnaryOps.Keys);
    public static TheoryData<string> BinaryOpNames => new(BinaryOps.Keys);

    internal static readonly Dictionary<string, Func<Tensor, Tensor>> UnaryOps = new()
    {
        ["Negate"] = Ops.Negate, ["Abs"] = Ops.Abs, ["Sign"] = Ops.Sign, ["Square"] = Ops.Square,
        ["Exp"] = Ops.Exp, ["Log"] = x => Ops.Log(Ops.Abs(x) + 0.1), ["Log1p"] = x => Ops.Log1p(Ops.Abs(x)),
        ["Sqrt"] = x => Ops.Sqrt(Ops.Abs(x)), ["Rsqrt"] = x => Ops.Rsqrt(Ops.Abs(x) + 0.1),
        ["Reciprocal"] = x => Ops.Reciprocal(x + 10), ["Tanh"] = Ops.Tanh, ["Sigmoid"] = Ops.Sigmoid,
        ["Erf"] = Ops.Erf, ["Sin"] = Ops.Sin, ["Cos"] = Ops.Cos, ["Floor"] = Ops.Floor,
        ["Ceil"] = Ops.Ceil, ["Round"] = Ops.Round, ["Relu"] = Ops.Relu, ["Relu6"] = Ops.Relu6,
        ["LeakyRelu"] = x => Ops.LeakyRelu(x, 0.3), ["Elu"] = x => Ops.Elu(x, 0.7), ["Selu"] = Ops.Selu,
        ["GeluExact"] = x => Ops.Gelu(x), ["GeluTanh"] = x => Ops.Gelu(x, approximate: true),
        ["Softplus"] = Ops.Softplus, ["Softsign"] = Ops.Softsign, ["Swish"] = Ops.Swish,
        ["Clip"] = x => Ops.Clip(x, -0.5, 0.7), ["Cast"] = x => Ops.Cast(Ops.Cast(x, DType.Float64), x.DType),
    };

    internal static readonly Dictionary<string, Func<Tensor, Tensor, Tensor>> BinaryOps = new()
    {
        ["Add"] = Ops.Add, ["Subtract"] = Ops.Subtract, ["Multiply"] = Ops.Multiply,
        ["Divide"] = (a, b) => Ops.Divide(a, Ops.Abs(b) + 1), ["Maximum"] = Ops.Maximum,
        ["Minimum"] = Ops.Minimum, ["Pow"] = (a, b) => Ops.Pow(Ops.Abs(a) + 0.5, b),
    };

    [Theory]
    [MemberData(nameof(UnaryFloatOps))]
    public void Unary_FastEqualsReference_AllLengths(string op)
    {
        var f = UnaryOps[op];
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            for (int n = 0; n <= 257; n++)
            {
                var x = Tensor.RandomNormal([n], stddev: 3, seed: n, dtype: dtype);
                var (fast, reference) = TensorAssert.FastAndReference(() => f(x));
                // Vectorized transcendental functions may differ from the scalar ones in the last bits.
                TensorAssert.Close(reference, fast, rtol: dtype == DType.Float32 ? 2e-6 : 1e-14, atol: dtype == DType.Float32 ? 1e-7 : 1e-15, context: $"{op} {dtype} n={n}");
            }
        }
    }

    [Theory]
    [InlineData(DType.Int32)]
    [InlineData(DType.Int64)]
    [InlineData(DType.UInt8)]
    public void NumericUnary_Integers_FastEqualsReferenceBitExact(DType dtype)
    {
        var x = Ops.Cast(Tensor.RandomUniform([257], -100, 100, seed: 5, dtype: DType.Int32), dtype);
        foreach (var f in new Func<Tensor, Tensor>[] { Ops.Negate, Ops.Abs, Ops.Sign, Ops.Square, Ops.Relu })
        {
            var (fast, reference) = TensorAssert.FastAndReference(() => f(x));
            TensorAssert.BitEqual(reference, fast, dtype.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(BinaryOpNames))]
    public void Binary_FastEqualsReference_AllLengthsAndBroadcasts(string op)
    {
        var f = BinaryOps[op];
        for (int n = 0; n <= 257; n++)
        {
            var a = Tensor.RandomNormal([n], seed: n);
            var b = Tensor.RandomNormal([n], seed: 1000 + n);
            var (fast, reference) = TensorAssert.FastAndReference(() => f(a, b));
            TensorAssert.Close(reference, fast, rtol: 1e-6, atol: 1e-7, context: $"{op} n={n}");
        }
        foreach (var (sa, sb) in BroadcastPairs)
        {
            var a = Tensor.RandomNormal(sa, seed: 1);
            var b = Tensor.RandomNormal(sb, seed: 2);
            var (fast, reference) = TensorAssert.FastAndReference(() => f(a, b));
            TensorAssert.Close(reference, fast, rtol: 1e-6, atol: 1e-7, context: $"{op} {sa} vs {sb}");
            // The reference itself agrees with an explicit broadcast of both operands.
            var expanded = f(Ops.BroadcastTo(a, fast.Shape), Ops.BroadcastTo(b, fast.Shape));
            TensorAssert.Close(expanded, fast, rtol: 1e-6, atol: 1e-7, context: $"{op} {sa} vs {sb} explicit");
        }
    }

    [Theory]
    [InlineData(DType.Int32)]
    [InlineData(DType.Int64)]
    [InlineData(DType.Float64)]
    public void Binary_OtherDTypes_FastEqualsReferenceBitExact(DType dtype)
    {
        foreach (var (sa, sb) in BroadcastPairs)
        {
            var a = Ops.Cast(Tensor.RandomUniform(sa, -50, 50, seed: 3, dtype: DType.Int32), dtype);
            var b = Ops.Cast(Tensor.RandomUniform(sb, 1, 50, seed: 4, dtype: DType.Int32), dtype);
            foreach (var f in new Func<Tensor, Tensor, Tensor>[] { Ops.Add, Ops.Subtract, Ops.Multiply, Ops.Divide, Ops.Maximum, Ops.Minimum })
            {
                var (fast, reference) = TensorAssert.FastAndReference(() => f(a, b));
                TensorAssert.BitEqual(reference, fast, $"{dtype} {sa} vs {sb}");
            }
        }
    }

    [Fact]
    public void Comparisons_BroadcastScalarAndRows_AgreeWithScalarDefinition()
    {
        var a = Tensor.Constant(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Tensor.Constant(new float[] { 2, 5, 3 });
        Assert.Equal(new[] { true, true, false, false, false, false }, Ops.Less(a, b).ToArray<bool>());
        Assert.Equal(new[] { false, false, true, false, true, false }, Ops.Equal(a, b).ToArray<bool>());
        Assert.Equal(new[] { false, false, false, true, false, true }, a.Greater(b).ToArray<bool>());
        Assert.Equal(new[] { true, true, true, false, true, false }, a.LessEqual(b).ToArray<bool>());
        Assert.Equal(new[] { false, false, true, true, true, true }, Ops.GreaterEqual(a, b).ToArray<bool>());
        Assert.Equal(new[] { true, true, false, true, false, true }, Ops.NotEqual(a, b).ToArray<bool>());
    }

    [Fact]
    public void LogicalOps_And_Or_Xor_Not()
    {
        var a = Tensor.Constant(new[] { true, true, false, false });
        var b = Tensor.Constant(new[] { true, false, true, false });
        Assert.Equal(new[] { true, false, false, false }, Ops.LogicalAnd(a, b).ToArray<bool>());
        Assert.Equal(new[] { true, true, true, false }, Ops.LogicalOr(a, b).ToArray<bool>());
        Assert.Equal(new[] { false, true, true, false }, Ops.LogicalXor(a, b).ToArray<bool>());
        Assert.Equal(new[] { false, false, true, true }, Ops.LogicalNot(a).ToArray<bool>());
    }

    [Fact]
    public void Where_BroadcastsConditionAndOperands()
    {
        var c = Tensor.Constant(new[] { true, false, true });
        var a = Tensor.Constant(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Tensor.Constant(-1f);
        Assert.Equal(new[] { 1f, -1, 3, 4, -1, 6 }, Ops.Where(c, a, Ops.BroadcastTo(b, [1])).ToArray<float>());
    }

    [Fact]
    public void Binary_IncompatibleShapes_ErrorNamesOpAndShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 3]) + Tensor.Zeros([4]));
        Assert.Contains("Add", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(2, 3)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(4,)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_MixedDTypes_ErrorSaysCast()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros([2]) * Tensor.Zeros([2], DType.Int32));
        Assert.Contains("Cast", ex.Message, StringComparison.Ordinal);
        Assert.Contains("float32(2,)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScalarOperator_TakesTensorDType()
    {
        var x = Tensor.Constant(new[] { 1, 2, 3 });
        Assert.Equal("Tensor([2 4 6], shape=(3,), dtype=int32)", (x * 2).ToString());
    }

    internal static readonly (Shape, Shape)[] BroadcastPairs =
    [
        ([], []), ([], [5]), ([7], []), ([3, 1], [1, 4]), ([2, 3, 4], [4]), ([2, 3, 4], [3, 1]),
        ([2, 1, 4, 1, 3], [1, 5, 1, 2, 3]), ([1], [2, 2, 2, 2, 2]), ([33, 17], [33, 1]), ([4, 1, 17], [1, 9, 17]),
        ([2, 3, 2, 3, 2], [2, 3, 2, 3, 2]), ([0, 3], [3]),
    ];

}
