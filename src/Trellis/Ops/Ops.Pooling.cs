using Trellis.Operations;

namespace Trellis;

public static partial class Ops
{
    /// <summary>Max pooling over (height, width) windows of an NHWC input.</summary>
    /// <param name="x">Input (N, H, W, C), float32 or float64.</param>
    /// <param name="poolSize">One or two window sizes.</param>
    /// <param name="strides">One or two steps; null for the pool size (Keras's default).</param>
    /// <param name="padding">"valid" or "same" (padded positions never win).</param>
    /// <returns>(N, OH, OW, C).</returns>
    /// <exception cref="ArgumentException">The input is not rank 4 or the sizes do not fit.</exception>
    public static Tensor MaxPool2D(Tensor x, int[] poolSize, int[]? strides = null, string padding = "valid")
    {
        ArgumentNullException.ThrowIfNull(x);
        return OpDispatcher.Run(new MaxPool2DOp(PoolParams.Resolve("MaxPool2D", Dim(x, 1), Dim(x, 2), poolSize, strides, padding)), x);
    }

    /// <summary>Max pooling with explicit pads (as ONNX <c>pads</c> and PyTorch <c>padding</c>).</summary>
    /// <param name="x">Input (N, H, W, C).</param>
    /// <param name="poolSize">One or two window sizes.</param>
    /// <param name="pads">Positions added above, below, left and right; they never win.</param>
    /// <param name="strides">One or two steps; null for the pool size.</param>
    /// <returns>(N, OH, OW, C).</returns>
    /// <exception cref="ArgumentException">The input is not rank 4 or the sizes do not fit.</exception>
    public static Tensor MaxPool2D(Tensor x, int[] poolSize, (int Top, int Bottom, int Left, int Right) pads, int[]? strides = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        return OpDispatcher.Run(new MaxPool2DOp(Explicit(poolSize, pads, strides, false)), x);
    }

    /// <summary>Average pooling over (height, width) windows of an NHWC input.</summary>
    /// <param name="x">Input (N, H, W, C), float32 or float64.</param>
    /// <param name="poolSize">One or two window sizes.</param>
    /// <param name="strides">One or two steps; null for the pool size.</param>
    /// <param name="padding">"valid" or "same" (padded positions are not counted, as Keras).</param>
    /// <returns>(N, OH, OW, C).</returns>
    /// <exception cref="ArgumentException">The input is not rank 4 or the sizes do not fit.</exception>
    public static Tensor AvgPool2D(Tensor x, int[] poolSize, int[]? strides = null, string padding = "valid")
    {
        ArgumentNullException.ThrowIfNull(x);
        return OpDispatcher.Run(new AvgPool2DOp(PoolParams.Resolve("AvgPool2D", Dim(x, 1), Dim(x, 2), poolSize, strides, padding)), x);
    }

    /// <summary>Average pooling with explicit pads.</summary>
    /// <param name="x">Input (N, H, W, C).</param>
    /// <param name="poolSize">One or two window sizes.</param>
    /// <param name="pads">Positions added above, below, left and right.</param>
    /// <param name="strides">One or two steps; null for the pool size.</param>
    /// <param name="countIncludePad">Divide by the whole window (PyTorch's default) rather than the positions inside the input (ONNX's default).</param>
    /// <returns>(N, OH, OW, C).</returns>
    /// <exception cref="ArgumentException">The input is not rank 4 or the sizes do not fit.</exception>
    public static Tensor AvgPool2D(Tensor x, int[] poolSize, (int Top, int Bottom, int Left, int Right) pads, int[]? strides = null, bool countIncludePad = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        return OpDispatcher.Run(new AvgPool2DOp(Explicit(poolSize, pads, strides, countIncludePad)), x);
    }

    /// <summary>Max pooling along the steps of an (N, L, C) input.</summary>
    /// <param name="x">Input (N, L, C).</param>
    /// <param name="poolSize">Window size.</param>
    /// <param name="stride">Step; null for the pool size.</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <returns>(N, OL, C).</returns>
    /// <exception cref="ArgumentException">The input is not rank 3 or the sizes do not fit.</exception>
    public static Tensor MaxPool1D(Tensor x, int poolSize, int? stride = null, string padding = "valid")
    {
        ArgumentNullException.ThrowIfNull(x);
        return Squeeze(MaxPool2D(ExpandDims(x, 1), [1, poolSize], [1, stride ?? poolSize], padding), 1);
    }

    /// <summary>Average pooling along the steps of an (N, L, C) input.</summary>
    /// <param name="x">Input (N, L, C).</param>
    /// <param name="poolSize">Window size.</param>
    /// <param name="stride">Step; null for the pool size.</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <returns>(N, OL, C).</returns>
    /// <exception cref="ArgumentException">The input is not rank 3 or the sizes do not fit.</exception>
    public static Tensor AvgPool1D(Tensor x, int poolSize, int? stride = null, string padding = "valid")
    {
        ArgumentNullException.ThrowIfNull(x);
        return Squeeze(AvgPool2D(ExpandDims(x, 1), [1, poolSize], [1, stride ?? poolSize], padding), 1);
    }

    private static int Dim(Tensor x, int axis) => x.Rank == 4 ? x.Shape[axis] : Shape.Unknown;

    private static PoolParams Explicit(int[] poolSize, (int Top, int Bottom, int Left, int Right) pads, int[]? strides, bool countIncludePad)
    {
        var (ph, pw) = ConvParams.Pair("Pool2D", "poolSize", poolSize);
        var (sh, sw) = strides is null ? (ph, pw) : ConvParams.Pair("Pool2D", "strides", strides);
        return new PoolParams(ph, pw, sh, sw, pads.Top, pads.Bottom, pads.Left, pads.Right, countIncludePad);
    }
}
