using Trellis.Internal;
using Trellis.Kernels.Conv;

namespace Trellis.Operations;

/// <summary>The attributes of a 2-D pooling with explicit padding; "valid" and "same" resolve through <see cref="Resolve"/>.</summary>
internal sealed record PoolParams(int PoolH, int PoolW, int StrideH, int StrideW, int PadTop, int PadBottom, int PadLeft, int PadRight, bool CountIncludePad)
{
    public string Text => $"pool=[{PoolH},{PoolW}], strides=[{StrideH},{StrideW}], pads=[{PadTop},{PadBottom},{PadLeft},{PadRight}], countIncludePad={CountIncludePad}";

    /// <summary>Pads for "valid" or "same" (TensorFlow's rule); strides default to the pool size as in Keras.</summary>
    public static PoolParams Resolve(string op, int h, int w, int[] poolSize, int[]? strides, string padding)
    {
        var (ph, pw) = ConvParams.Pair(op, "poolSize", poolSize);
        var (sh, sw) = strides is null ? (ph, pw) : ConvParams.Pair(op, "strides", strides);
        switch (padding.ToUpperInvariant())
        {
            case "VALID":
                return new PoolParams(ph, pw, sh, sw, 0, 0, 0, 0, false);
            case "SAME":
                if (h == Shape.Unknown || w == Shape.Unknown)
                {
                    ThrowHelper.Argument($"{op}: padding \"same\" needs known height and width, but received {h}x{w}. Pass explicit pads instead.");
                }
                var (pt, pb) = ConvParams.SamePads(h, ph, sh, 1);
                var (pl, pr) = ConvParams.SamePads(w, pw, sw, 1);
                return new PoolParams(ph, pw, sh, sw, pt, pb, pl, pr, false);
            default:
                ThrowHelper.Argument($"{op}: padding must be \"valid\" or \"same\", but received \"{padding}\". Use the overload with explicit pads for anything else.");
                return null!;
        }
    }

    /// <summary>The output spec of pooling x (N, H, W, C), validated.</summary>
    public TensorSpec Infer(string op, TensorSpec x)
    {
        if (PoolH <= 0 || PoolW <= 0 || StrideH <= 0 || StrideW <= 0 || PadTop < 0 || PadBottom < 0 || PadLeft < 0 || PadRight < 0)
        {
            ThrowHelper.Argument($"{op}: pool sizes and strides must be positive and pads non-negative, but received {Text}.");
        }
        if (x.Shape.Rank != 4 || !x.DType.IsFloating())
        {
            ThrowHelper.OpInput(op, "a float32 or float64 input (N, H, W, C)", x);
        }
        int oh = ConvParams.OutputSize(x.Shape[1], PoolH, StrideH, 1, PadTop, PadBottom);
        int ow = ConvParams.OutputSize(x.Shape[2], PoolW, StrideW, 1, PadLeft, PadRight);
        if (oh == ConvParams.TooSmall || ow == ConvParams.TooSmall)
        {
            ThrowHelper.OpInput(op, $"an input at least as large as the pool window after padding ({Text})", x);
        }
        return new TensorSpec(new Shape(x.Shape[0], oh, ow, x.Shape[3]), x.DType);
    }

    /// <summary>The kernel geometry for a concrete input shape.</summary>
    public PoolGeometry Geometry(Shape x) => new(
        x[0], x[1], x[2], x[3], PoolH, PoolW,
        ConvParams.OutputSize(x[1], PoolH, StrideH, 1, PadTop, PadBottom), ConvParams.OutputSize(x[2], PoolW, StrideW, 1, PadLeft, PadRight),
        StrideH, StrideW, PadTop, PadLeft, CountIncludePad);
}
