using System.Globalization;
using Trellis.Kernels.Elementwise;

namespace Trellis.Operations;

internal sealed class Relu6Op() : FloatUnaryOp<Relu6Function>(default)
{
    public static readonly Relu6Op Instance = new();
    public override string Name => "Relu6";
    public override Tensor?[] Gradient(GradientContext g) =>
        [g.Upstream * Ops.Cast(Ops.LogicalAnd(Ops.Greater(g.X, Ops.ZerosLike(g.X)), Ops.Less(g.X, Ops.FullLike(g.X, 6))), g.X.DType)];
}

internal sealed class LeakyReluOp(double alpha) : FloatUnaryOp<LeakyReluFunction>(new LeakyReluFunction(alpha))
{
    public override object?[] ConstructorArguments => [Alpha];

    public double Alpha { get; } = alpha;
    public override string Name => "LeakyRelu";
    public override string AttributeText => "alpha=" + Alpha.ToString(CultureInfo.InvariantCulture);
    public override Tensor?[] Gradient(GradientContext g) =>
        [g.Upstream * Ops.Where(Ops.Greater(g.X, Ops.ZerosLike(g.X)), Ops.OnesLike(g.X), Ops.FullLike(g.X, Alpha))];
}

internal sealed class EluOp(double alpha) : FloatUnaryOp<EluFunction>(new EluFunction(alpha))
{
    public override object?[] ConstructorArguments => [Alpha];

    public double Alpha { get; } = alpha;
    public override string Name => "Elu";
    public override string AttributeText => "alpha=" + Alpha.ToString(CultureInfo.InvariantCulture);
    // For x <= 0: d/dx alpha(e^x - 1) = y + alpha.
    public override Tensor?[] Gradient(GradientContext g) =>
        [g.Upstream * Ops.Where(Ops.Greater(g.X, Ops.ZerosLike(g.X)), Ops.OnesLike(g.X), g.Output + Alpha)];
}

internal sealed class SeluOp() : FloatUnaryOp<SeluFunction>(default)
{
    public static readonly SeluOp Instance = new();
    public override string Name => "Selu";
    public override Tensor?[] Gradient(GradientContext g) =>
        [g.Upstream * Ops.Where(Ops.Greater(g.X, Ops.ZerosLike(g.X)), Ops.FullLike(g.X, SeluFunction.Scale), g.Output + SeluFunction.Scale * SeluFunction.Alpha)];
}

internal sealed class GeluOp(bool approximate) : Op
{
    public override object?[] ConstructorArguments => [Approximate];

    public bool Approximate { get; } = approximate;
    public override string Name => "Gelu";
    public override string AttributeText => Approximate ? "approximate=tanh" : "approximate=none";
    public override bool IsElementwise => true;
    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs) => inputs[0].DType.IsFloating() ? inputs[0]
        : throw new ArgumentException($"{Name}: expected a float32 or float64 tensor, but received {inputs[0]}.");

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        bool r = KernelMode.UseReference;
        if (output.DType == DType.Float32)
        {
            if (Approximate) { UnaryKernel.Run(default(GeluTanhFunction), inputs[0].ReadSpan<float>(), output.Span<float>(), r); }
            else { UnaryKernel.Run(default(GeluExactFunction), inputs[0].ReadSpan<float>(), output.Span<float>(), r); }
        }
        else
        {
            if (Approximate) { UnaryKernel.Run(default(GeluTanhFunction), inputs[0].ReadSpan<double>(), output.Span<double>(), r); }
            else { UnaryKernel.Run(default(GeluExactFunction), inputs[0].ReadSpan<double>(), output.Span<double>(), r); }
        }
    }

    public override Tensor?[] Gradient(GradientContext g)
    {
        Tensor x = g.X;
        if (Approximate)
        {
            // u = c(x + k x³); y = ½x(1 + tanh u); y' = ½(1 + tanh u) + ½x(1 - tanh² u)·c(1 + 3k x²)
            const double c = 0.7978845608028654, k = 0.044715;
            Tensor t = Ops.Tanh((x + Ops.Pow(x, 3) * k) * c);
            Tensor d = (t + 1) * 0.5 + x * 0.5 * (1 - Ops.Square(t)) * (Ops.Square(x) * (3 * k) + 1) * c;
            return [g.Upstream * d];
        }
        // y' = Φ(x) + x·φ(x)
        Tensor phi = Ops.Exp(Ops.Square(x) * -0.5) * (1 / Math.Sqrt(2 * Math.PI));
        Tensor cdf = (Ops.Erf(x * (1 / Math.Sqrt(2))) + 1) * 0.5;
        return [g.Upstream * (cdf + x * phi)];
    }
}

internal sealed class SoftplusOp() : FloatUnaryOp<SoftplusFunction>(default)
{
    public static readonly SoftplusOp Instance = new();
    public override string Name => "Softplus";
    public override Tensor?[] Gradient(GradientContext g) => [g.Upstream * Ops.Sigmoid(g.X)];
}

internal sealed class SoftsignOp() : FloatUnaryOp<SoftsignFunction>(default)
{
    public static readonly SoftsignOp Instance = new();
    public override string Name => "Softsign";
    public override Tensor?[] Gradient(GradientContext g) => [g.Upstream / Ops.Square(Ops.Abs(g.X) + 1)];
}

internal sealed class SwishOp() : FloatUnaryOp<SwishFunction>(default)
{
    public static readonly SwishOp Instance = new();
    public override string Name => "Swish";
    // y' = s + x·s(1 - s) with s = sigmoid(x)
    public override Tensor?[] Gradient(GradientContext g)
    {
        Tensor s = Ops.Sigmoid(g.X);
        return [g.Upstream * (s + g.X * s * (1 - s))];
    }
}
