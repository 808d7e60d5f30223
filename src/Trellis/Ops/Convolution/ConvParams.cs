using Trellis.Internal;
using Trellis.Kernels.Conv;

namespace Trellis.Operations;

/// <summary>
/// The attributes of a 2-D convolution with explicit padding (strides, dilations, pads on each side, groups).
/// "valid" and "same" are resolved to pads by <see cref="Resolve"/> once the input size is known.
/// </summary>
internal sealed record ConvParams(int StrideH, int StrideW, int DilationH, int DilationW, int PadTop, int PadBottom, int PadLeft, int PadRight, int Groups)
{
    /// <summary>Returned by <see cref="OutputSize"/> when the dilated window is larger than the padded input.</summary>
    public const int TooSmall = -2;

    public string Text => $"strides=[{StrideH},{StrideW}], dilations=[{DilationH},{DilationW}], pads=[{PadTop},{PadBottom},{PadLeft},{PadRight}], groups={Groups}";

    /// <summary>Pads for <paramref name="padding"/> ("valid", "same": TensorFlow's rule, the extra pad after).</summary>
    public static ConvParams Resolve(string op, int h, int w, int kh, int kw, int[]? strides, int[]? dilations, string padding, int groups)
    {
        var (sh, sw) = Pair(op, "strides", strides);
        var (dh, dw) = Pair(op, "dilations", dilations);
        switch (padding.ToUpperInvariant())
        {
            case "VALID":
                return new ConvParams(sh, sw, dh, dw, 0, 0, 0, 0, groups);
            case "SAME":
                if (h == Shape.Unknown || w == Shape.Unknown)
                {
                    ThrowHelper.Argument($"{op}: padding \"same\" needs known height and width, but received {h}x{w}. Pass explicit pads instead.");
                }
                var (pt, pb) = SamePads(h, kh, sh, dh);
                var (pl, pr) = SamePads(w, kw, sw, dw);
                return new ConvParams(sh, sw, dh, dw, pt, pb, pl, pr, groups);
            default:
                ThrowHelper.Argument($"{op}: padding must be \"valid\" or \"same\", but received \"{padding}\". Use the overload with explicit pads for anything else.");
                return null!;
        }
    }

    /// <summary>TensorFlow / ONNX SAME_UPPER: the output has ceil(size / stride) positions, the odd pad goes after.</summary>
    public static (int Before, int After) SamePads(int size, int k, int stride, int dilation)
    {
        int effective = (k - 1) * dilation + 1;
        int outSize = (size + stride - 1) / stride;
        int total = Math.Max((outSize - 1) * stride + effective - size, 0);
        return (total / 2, total - total / 2);
    }

    /// <summary>Reads a pair from null (1, 1), one value (used for both) or two values; all must be positive.</summary>
    public static (int A, int B) Pair(string op, string what, int[]? values)
    {
        if (values is null || values.Length == 0)
        {
            return (1, 1);
        }
        if (values.Length > 2 || values.Any(v => v <= 0))
        {
            ThrowHelper.Argument($"{op}: {what} must be one or two positive integers, but received [{string.Join(", ", values)}].");
        }
        return values.Length == 1 ? (values[0], values[0]) : (values[0], values[1]);
    }

    /// <summary>Output size along one axis, or Unknown when the input size is unknown.</summary>
    public static int OutputSize(int size, int k, int stride, int dilation, int before, int after)
    {
        if (size == Shape.Unknown)
        {
            return Shape.Unknown;
        }
        int span = size + before + after - ((k - 1) * dilation + 1);
        return span < 0 ? TooSmall : span / stride + 1;
    }

    public void Validate(string op)
    {
        if (StrideH <= 0 || StrideW <= 0 || DilationH <= 0 || DilationW <= 0 || Groups <= 0 || PadTop < 0 || PadBottom < 0 || PadLeft < 0 || PadRight < 0)
        {
            ThrowHelper.Argument($"{op}: strides, dilations and groups must be positive and pads non-negative, but received {Text}.");
        }
    }

    /// <summary>The forward output spec of x (N, H, W, C) with kernel (KH, KW, C / groups, O), validated.</summary>
    public TensorSpec Infer(string op, TensorSpec x, TensorSpec k)
    {
        Validate(op);
        if (x.Shape.Rank != 4 || k.Shape.Rank != 4 || !x.DType.IsFloating() || x.DType != k.DType)
        {
            ThrowHelper.OpInput(op, "a float32 or float64 input (N, H, W, C) and a kernel (KH, KW, C / groups, O) of the same dtype", x, k);
        }
        int c = x.Shape[3], ci = k.Shape[2], o = k.Shape[3];
        if (!k.Shape.IsFullyDefined || (c != Shape.Unknown && c != ci * Groups) || o % Groups != 0)
        {
            ThrowHelper.OpInput(op, $"the kernel's input channels times groups ({ci} x {Groups}) to equal the input's channels ({c}) and output channels ({o}) divisible by groups", x, k);
        }
        int oh = OutputSize(x.Shape[1], k.Shape[0], StrideH, DilationH, PadTop, PadBottom);
        int ow = OutputSize(x.Shape[2], k.Shape[1], StrideW, DilationW, PadLeft, PadRight);
        if (oh == TooSmall || ow == TooSmall)
        {
            ThrowHelper.OpInput(op, $"an input at least as large as the dilated kernel after padding ({Text})", x, k);
        }
        return new TensorSpec(new Shape(x.Shape[0], oh, ow, o), x.DType);
    }

    /// <summary>The kernel geometry for concrete input and kernel shapes.</summary>
    public ConvGeometry Geometry(Shape x, Shape k) => new(
        x[0], x[1], x[2], x[3], k[0], k[1], k[3],
        OutputSize(x[1], k[0], StrideH, DilationH, PadTop, PadBottom), OutputSize(x[2], k[1], StrideW, DilationW, PadLeft, PadRight),
        StrideH, StrideW, DilationH, DilationW, PadTop, PadLeft, Groups);

    /// <summary>True when the shapes have the same rank and agree wherever both sizes are known.</summary>
    public static bool Compatible(Shape a, Shape b)
    {
        if (a.Rank != b.Rank)
        {
            return false;
        }
        for (int i = 0; i < a.Rank; i++)
        {
            if (a[i] != Shape.Unknown && b[i] != Shape.Unknown && a[i] != b[i])
            {
                return false;
            }
        }
        return true;
    }
}
