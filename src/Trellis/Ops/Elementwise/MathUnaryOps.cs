using Trellis.Kernels.Elementwise;

namespace Trellis.Operations;

internal sealed class ExpOp() : FloatUnaryOp<ExpFunction>(default)
{
    public static readonly ExpOp Instance = new();
    public override string Name => "Exp";
    public override Tensor?[] Gradient(GradientContext g) => [g.Upstream * g.Output];
}

internal sealed class LogOp() : FloatUnaryOp<LogFunction>(default)
{
    public static readonly LogOp Instance = new();
    public override string Name => "Log";
    public override Tensor?[] Gradient(GradientContext g) => [g.Upstream / g.X];
}

internal sealed class Log1POp() : FloatUnaryOp<Log1PFunction>(default)
{
    public static readonly Log1POp Instance = new();
    public override string Name => "Log1p";
    public override Tensor?[] Gradient(GradientContext g) => [g.Upstream / (g.X + 1)];
}

internal sealed class SqrtOp() : FloatUnaryOp<SqrtFunction>(default)
{
    public static readonly SqrtOp Instance = new();
    public override string Name => "Sqrt";
    public override Tensor?[] Gradient(GradientContext g) => [g.Upstream / (g.Output * 2)];
}

internal sealed class RsqrtOp() : FloatUnaryOp<RsqrtFunction>(default)
{
    public static readonly RsqrtOp Instance = new();
    public override string Name => "Rsqrt";
    // d/dx x^-1/2 = -1/2 x^-3/2 = -1/2 y³
    public override Tensor?[] Gradient(GradientContext g) => [g.Upstream * Ops.Pow(g.Output, 3) * -0.5];
}

internal sealed class ReciprocalOp() : FloatUnaryOp<ReciprocalFunction>(default)
{
    public static readonly ReciprocalOp Instance = new();
    public override string Name => "Reciprocal";
    public override Tensor?[] Gradient(GradientContext g) => [-(g.Upstream * Ops.Square(g.Output))];
}

internal sealed class TanhOp() : FloatUnaryOp<TanhFunction>(default)
{
    public static readonly TanhOp Instance = new();
    public override string Name => "Tanh";
    public override Tensor?[] Gradient(GradientContext g) => [g.Upstream * (1 - Ops.Square(g.Output))];
}

internal sealed class SigmoidOp() : FloatUnaryOp<SigmoidFunction>(default)
{
    public static readonly SigmoidOp Instance = new();
    public override string Name => "Sigmoid";
    public override Tensor?[] Gradient(GradientContext g) => [g.Upstream * g.Output * (1 - g.Output)];
}

internal sealed class SinOp() : FloatUnaryOp<SinFunction>(default)
{
    public static readonly SinOp Instance = new();
    public override string Name => "Sin";
    public override Tensor?[] Gradient(GradientContext g) => [g.Upstream * Ops.Cos(g.X)];
}

internal sealed class CosOp() : FloatUnaryOp<CosFunction>(default)
{
    public static readonly CosOp Instance = new();
    public override string Name => "Cos";
    public override Tensor?[] Gradient(GradientContext g) => [-(g.Upstream * Ops.Sin(g.X))];
}

/// <summary>Floor, Ceil and Round: piecewise constant, so their gradient is zero (TensorFlow returns None for round; zero is the same function).</summary>
internal sealed class FloorOp() : FloatUnaryOp<FloorFunction>(default)
{
    public static readonly FloorOp Instance = new();
    public override string Name => "Floor";
    public override Tensor?[] Gradient(GradientContext g) => [Ops.ZerosLike(g.X)];
}

internal sealed class CeilOp() : FloatUnaryOp<CeilFunction>(default)
{
    public static readonly CeilOp Instance = new();
    public override string Name => "Ceil";
    public override Tensor?[] Gradient(GradientContext g) => [Ops.ZerosLike(g.X)];
}

internal sealed class RoundOp() : FloatUnaryOp<RoundFunction>(default)
{
    public static readonly RoundOp Instance = new();
    public override string Name => "Round";
    public override Tensor?[] Gradient(GradientContext g) => [Ops.ZerosLike(g.X)];
}

internal sealed class ErfOp() : FloatUnaryOp<ErfFunction>(default)
{
    public static readonly ErfOp Instance = new();
    public override string Name => "Erf";
    public override Tensor?[] Gradient(GradientContext g) => [g.Upstream * Ops.Exp(-Ops.Square(g.X)) * (2 / Math.Sqrt(Math.PI))];
}
