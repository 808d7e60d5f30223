namespace Trellis;

// Operators live beside the op vocabulary (not in Tensors/) because they dispatch through Ops.
public partial class Tensor
{
    /// <summary>a + b, broadcast.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add(a, b);

    /// <summary>a - b, broadcast.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Ops.Subtract(a, b);

    /// <summary>a · b element-wise, broadcast.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Ops.Multiply(a, b);

    /// <summary>a / b, broadcast.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Ops.Divide(a, b);

    /// <summary>-x.</summary>
    public static Tensor operator -(Tensor x) => Ops.Negate(x);

    /// <summary>x + s; the scalar takes x's dtype (as a Python number does in TensorFlow).</summary>
    public static Tensor operator +(Tensor x, double s) => Ops.Add(x, Scalar(s, x.DType));

    /// <summary>s + x.</summary>
    public static Tensor operator +(double s, Tensor x) => Ops.Add(Scalar(s, x.DType), x);

    /// <summary>x - s.</summary>
    public static Tensor operator -(Tensor x, double s) => Ops.Subtract(x, Scalar(s, x.DType));

    /// <summary>s - x.</summary>
    public static Tensor operator -(double s, Tensor x) => Ops.Subtract(Scalar(s, x.DType), x);

    /// <summary>x · s.</summary>
    public static Tensor operator *(Tensor x, double s) => Ops.Multiply(x, Scalar(s, x.DType));

    /// <summary>s · x.</summary>
    public static Tensor operator *(double s, Tensor x) => Ops.Multiply(Scalar(s, x.DType), x);

    /// <summary>x / s.</summary>
    public static Tensor operator /(Tensor x, double s) => Ops.Divide(x, Scalar(s, x.DType));

    /// <summary>s / x.</summary>
    public static Tensor operator /(double s, Tensor x) => Ops.Divide(Scalar(s, x.DType), x);

    /// <summary>Element-wise a &lt; b as a bool tensor (C# comparison operators must return bool, so these are methods).</summary>
    public Tensor Less(Tensor other) => Ops.Less(this, other);

    /// <summary>Element-wise a ≤ b.</summary>
    public Tensor LessEqual(Tensor other) => Ops.LessEqual(this, other);

    /// <summary>Element-wise a &gt; b.</summary>
    public Tensor Greater(Tensor other) => Ops.Greater(this, other);

    /// <summary>Element-wise a ≥ b.</summary>
    public Tensor GreaterEqual(Tensor other) => Ops.GreaterEqual(this, other);

    /// <summary>Element-wise a == b (a tensor; use <see cref="object.Equals(object)"/> for identity).</summary>
    public Tensor ElementEqual(Tensor other) => Ops.Equal(this, other);

    /// <summary>Element-wise a != b.</summary>
    public Tensor ElementNotEqual(Tensor other) => Ops.NotEqual(this, other);
}
