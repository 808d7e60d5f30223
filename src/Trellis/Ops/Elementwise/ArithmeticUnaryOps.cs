using Trellis.Kernels.Elementwise;

namespace Trellis.Operations;

internal sealed class NegateOp() : NumericUnaryOp<NegateFunction>(default)
{
    public static readonly NegateOp Instance = new();
    public override string Name => "Neg";
    public override Tensor?[] Gradient(GradientContext g) => [Ops.Negate(g.Upstream)];
}

internal sealed class AbsOp() : NumericUnaryOp<AbsFunction>(default)
{
    public static readonly AbsOp Instance = new();
    public override string Name => "Abs";
    public override Tensor?[] Gradient(GradientContext g) => [g.Upstream * Ops.Sign(g.X)];
}

internal sealed class SignOp() : NumericUnaryOp<SignFunction>(default)
{
    public static readonly SignOp Instance = new();
    public override string Name => "Sign";
    public override Tensor?[] Gradient(GradientContext g) => [Ops.ZerosLike(g.X)];
}

internal sealed class SquareOp() : NumericUnaryOp<SquareFunction>(default)
{
    public static readonly SquareOp Instance = new();
    public override string Name => "Square";
    public override Tensor?[] Gradient(GradientContext g) => [g.Upstream * g.X * 2];
}

internal sealed class ReluOp() : NumericUnaryOp<ReluFunction>(default)
{
    public static readonly ReluOp Instance = new();
    public override string Name => "Relu";
    // NOTE: masked by y > 0 (equivalently x > 0), not maximum(x, 0)'s gradient, so relu'(0) = 0 as TensorFlow has it;
    // integer relu keeps the op-by-op form (ReluGrad is for floating gradients).
    public override Tensor?[] Gradient(GradientContext g) => g.X.DType.IsFloating()
        ? [OpDispatcher.Run(ReluGradOp.Instance, g.Upstream, g.Output)]
        : [g.Upstream * Ops.Cast(Ops.Greater(g.X, Ops.ZerosLike(g.X)), g.X.DType)];
}
