using Trellis.Operations;

namespace Trellis;

/// <summary>
/// The op vocabulary. Every function here runs eagerly on concrete tensors, is recorded by an active
/// <see cref="GradientTape"/>, and is captured into a graph while a traced function runs.
/// </summary>
/// <remarks>Binary ops broadcast with NumPy's rules and need both operands of one dtype (use <see cref="Cast"/>).</remarks>
public static partial class Ops
{
    /// <summary>a + b, broadcast.</summary>
    public static Tensor Add(Tensor a, Tensor b) => OpDispatcher.Run(AddOp.Instance, a, b);

    /// <summary>a - b, broadcast.</summary>
    public static Tensor Subtract(Tensor a, Tensor b) => OpDispatcher.Run(SubtractOp.Instance, a, b);

    /// <summary>a · b element-wise, broadcast.</summary>
    public static Tensor Multiply(Tensor a, Tensor b) => OpDispatcher.Run(MultiplyOp.Instance, a, b);

    /// <summary>a / b, broadcast (integer division truncates).</summary>
    public static Tensor Divide(Tensor a, Tensor b) => OpDispatcher.Run(DivideOp.Instance, a, b);

    /// <summary>a raised to b, element-wise (floats).</summary>
    public static Tensor Pow(Tensor a, Tensor b) => OpDispatcher.Run(PowOp.Instance, a, b);

    /// <summary>x raised to a scalar power.</summary>
    public static Tensor Pow(Tensor x, double exponent) => Pow(x, Tensor.Scalar(exponent, x.DType));

    /// <summary>Element-wise maximum (NaN propagates).</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => OpDispatcher.Run(MaximumOp.Instance, a, b);

    /// <summary>Element-wise minimum (NaN propagates).</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => OpDispatcher.Run(MinimumOp.Instance, a, b);

    /// <summary>-x.</summary>
    public static Tensor Negate(Tensor x) => OpDispatcher.Run(NegateOp.Instance, x);

    /// <summary>|x|.</summary>
    public static Tensor Abs(Tensor x) => OpDispatcher.Run(AbsOp.Instance, x);

    /// <summary>-1, 0 or 1.</summary>
    public static Tensor Sign(Tensor x) => OpDispatcher.Run(SignOp.Instance, x);

    /// <summary>x².</summary>
    public static Tensor Square(Tensor x) => OpDispatcher.Run(SquareOp.Instance, x);

    /// <summary>eˣ.</summary>
    public static Tensor Exp(Tensor x) => OpDispatcher.Run(ExpOp.Instance, x);

    /// <summary>Natural logarithm.</summary>
    public static Tensor Log(Tensor x) => OpDispatcher.Run(LogOp.Instance, x);

    /// <summary>log(1 + x), accurate near 0.</summary>
    public static Tensor Log1p(Tensor x) => OpDispatcher.Run(Log1POp.Instance, x);

    /// <summary>√x.</summary>
    public static Tensor Sqrt(Tensor x) => OpDispatcher.Run(SqrtOp.Instance, x);

    /// <summary>1/√x.</summary>
    public static Tensor Rsqrt(Tensor x) => OpDispatcher.Run(RsqrtOp.Instance, x);

    /// <summary>1/x.</summary>
    public static Tensor Reciprocal(Tensor x) => OpDispatcher.Run(ReciprocalOp.Instance, x);

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x) => OpDispatcher.Run(TanhOp.Instance, x);

    /// <summary>1 / (1 + e⁻ˣ).</summary>
    public static Tensor Sigmoid(Tensor x) => OpDispatcher.Run(SigmoidOp.Instance, x);

    /// <summary>The error function.</summary>
    public static Tensor Erf(Tensor x) => OpDispatcher.Run(ErfOp.Instance, x);

    /// <summary>Sine.</summary>
    public static Tensor Sin(Tensor x) => OpDispatcher.Run(SinOp.Instance, x);

    /// <summary>Cosine.</summary>
    public static Tensor Cos(Tensor x) => OpDispatcher.Run(CosOp.Instance, x);

    /// <summary>Largest integer ≤ x.</summary>
    public static Tensor Floor(Tensor x) => OpDispatcher.Run(FloorOp.Instance, x);

    /// <summary>Smallest integer ≥ x.</summary>
    public static Tensor Ceil(Tensor x) => OpDispatcher.Run(CeilOp.Instance, x);

    /// <summary>Nearest integer, halves to even.</summary>
    public static Tensor Round(Tensor x) => OpDispatcher.Run(RoundOp.Instance, x);

    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(Tensor x) => OpDispatcher.Run(ReluOp.Instance, x);

    /// <summary>min(max(x, 0), 6).</summary>
    public static Tensor Relu6(Tensor x) => OpDispatcher.Run(Relu6Op.Instance, x);

    /// <summary>x for x &gt; 0, alpha·x otherwise (Keras default alpha 0.2; TensorFlow's 0.2 too).</summary>
    public static Tensor LeakyRelu(Tensor x, double alpha = 0.2) => OpDispatcher.Run(new LeakyReluOp(alpha), x);

    /// <summary>x for x &gt; 0, alpha·(eˣ - 1) otherwise.</summary>
    public static Tensor Elu(Tensor x, double alpha = 1.0) => OpDispatcher.Run(new EluOp(alpha), x);

    /// <summary>Scaled ELU (Klambauer et al. 2017).</summary>
    public static Tensor Selu(Tensor x) => OpDispatcher.Run(SeluOp.Instance, x);

    /// <summary>Gaussian error linear unit: exact x·Φ(x), or the tanh approximation.</summary>
    public static Tensor Gelu(Tensor x, bool approximate = false) => OpDispatcher.Run(new GeluOp(approximate), x);

    /// <summary>log(1 + eˣ).</summary>
    public static Tensor Softplus(Tensor x) => OpDispatcher.Run(SoftplusOp.Instance, x);

    /// <summary>x / (1 + |x|).</summary>
    public static Tensor Softsign(Tensor x) => OpDispatcher.Run(SoftsignOp.Instance, x);

    /// <summary>x·sigmoid(x) (also called SiLU).</summary>
    public static Tensor Swish(Tensor x) => OpDispatcher.Run(SwishOp.Instance, x);

    /// <summary>Clamps x to [min, max].</summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is greater than <paramref name="max"/>.</exception>
    public static Tensor Clip(Tensor x, double min, double max)
    {
        if (min > max)
        {
            throw new ArgumentException($"Clip: min ({min}) must not exceed max ({max}).", nameof(min));
        }
        return OpDispatcher.Run(new ClipOp(min, max), x);
    }

    /// <summary>Converts to <paramref name="dtype"/>.</summary>
    public static Tensor Cast(Tensor x, DType dtype) => OpDispatcher.Run(new CastOp(dtype), x);

    /// <summary>a where condition holds, b elsewhere (all three broadcast).</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => OpDispatcher.Run(WhereOp.Instance, condition, a, b);

    /// <summary>a == b (bool).</summary>
    public static Tensor Equal(Tensor a, Tensor b) => OpDispatcher.Run(Comparisons.Equal, a, b);

    /// <summary>a != b (bool).</summary>
    public static Tensor NotEqual(Tensor a, Tensor b) => OpDispatcher.Run(Comparisons.NotEqual, a, b);

    /// <summary>a &lt; b (bool).</summary>
    public static Tensor Less(Tensor a, Tensor b) => OpDispatcher.Run(Comparisons.Less, a, b);

    /// <summary>a ≤ b (bool).</summary>
    public static Tensor LessEqual(Tensor a, Tensor b) => OpDispatcher.Run(Comparisons.LessEqual, a, b);

    /// <summary>a &gt; b (bool).</summary>
    public static Tensor Greater(Tensor a, Tensor b) => OpDispatcher.Run(Comparisons.Greater, a, b);

    /// <summary>a ≥ b (bool).</summary>
    public static Tensor GreaterEqual(Tensor a, Tensor b) => OpDispatcher.Run(Comparisons.GreaterEqual, a, b);

    /// <summary>Logical and of bool tensors.</summary>
    public static Tensor LogicalAnd(Tensor a, Tensor b) => OpDispatcher.Run(LogicalOp.And, a, b);

    /// <summary>Logical or of bool tensors.</summary>
    public static Tensor LogicalOr(Tensor a, Tensor b) => OpDispatcher.Run(LogicalOp.Or, a, b);

    /// <summary>Logical exclusive or of bool tensors.</summary>
    public static Tensor LogicalXor(Tensor a, Tensor b) => OpDispatcher.Run(LogicalOp.Xor, a, b);

    /// <summary>Logical not of a bool tensor.</summary>
    public static Tensor LogicalNot(Tensor x) => OpDispatcher.Run(LogicalNotOp.Instance, x);

    /// <summary>Zeros of x's shape and dtype (a constant: no gradient flows through it).</summary>
    public static Tensor ZerosLike(Tensor x) => FullLike(x, 0);

    /// <summary>Ones of x's shape and dtype.</summary>
    public static Tensor OnesLike(Tensor x) => FullLike(x, 1);

    /// <summary>A tensor of x's shape and dtype filled with <paramref name="value"/>.</summary>
    public static Tensor FullLike(Tensor x, double value) => OpDispatcher.Run(new FillLikeOp(value), x);

    /// <summary>A copy of x; gradients pass through.</summary>
    public static Tensor Identity(Tensor x) => OpDispatcher.Run(IdentityOp.Instance, x);

    /// <summary>x unchanged, but treated as a constant by gradient tapes.</summary>
    public static Tensor StopGradient(Tensor x) => OpDispatcher.Run(StopGradientOp.Instance, x);
}
