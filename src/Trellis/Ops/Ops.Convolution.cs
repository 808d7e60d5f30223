using Trellis.Internal;
using Trellis.Operations;

namespace Trellis;

public static partial class Ops
{
    /// <summary>2-D convolution (cross-correlation, as Keras) of an NHWC input with an HWIO kernel.</summary>
    /// <param name="x">Input (N, H, W, C), float32 or float64.</param>
    /// <param name="kernel">Kernel (KH, KW, C / groups, O), Keras's layout, same dtype as <paramref name="x"/>.</param>
    /// <param name="strides">One or two positive steps (height, width); null for 1.</param>
    /// <param name="padding">"valid" (no padding) or "same" (output size ceil(H / stride), odd padding after, as TensorFlow).</param>
    /// <param name="dilations">One or two positive dilation rates; null for 1.</param>
    /// <param name="groups">Input and output channels are split into this many groups convolved separately.</param>
    /// <returns>(N, OH, OW, O) with OH = (H + padding - (KH - 1)·dilation - 1) / stride + 1.</returns>
    /// <exception cref="ArgumentException">Ranks, dtypes or channel counts do not fit, or the padding name is unknown.</exception>
    public static Tensor Conv2D(Tensor x, Tensor kernel, int[]? strides = null, string padding = "valid", int[]? dilations = null, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        CheckRank("Conv2D", x, kernel, 4);
        var p = ConvParams.Resolve("Conv2D", x.Shape[1], x.Shape[2], kernel.Shape[0], kernel.Shape[1], strides, dilations, padding, groups);
        return ConvOps.Forward(x, kernel, p);
    }

    /// <summary>2-D convolution with explicit zero padding on each side (as ONNX <c>pads</c> or PyTorch <c>padding</c>).</summary>
    /// <param name="x">Input (N, H, W, C).</param>
    /// <param name="kernel">Kernel (KH, KW, C / groups, O).</param>
    /// <param name="pads">Zeros added above, below, left and right of the input.</param>
    /// <param name="strides">One or two positive steps; null for 1.</param>
    /// <param name="dilations">One or two positive dilation rates; null for 1.</param>
    /// <param name="groups">Number of channel groups.</param>
    /// <returns>(N, OH, OW, O).</returns>
    /// <exception cref="ArgumentException">Ranks, dtypes, channel counts or pads do not fit.</exception>
    public static Tensor Conv2D(Tensor x, Tensor kernel, (int Top, int Bottom, int Left, int Right) pads, int[]? strides = null, int[]? dilations = null, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        var (sh, sw) = ConvParams.Pair("Conv2D", "strides", strides);
        var (dh, dw) = ConvParams.Pair("Conv2D", "dilations", dilations);
        return ConvOps.Forward(x, kernel, new ConvParams(sh, sw, dh, dw, pads.Top, pads.Bottom, pads.Left, pads.Right, groups));
    }

    /// <summary>1-D convolution of an (N, L, C) input with a (K, C / groups, O) kernel (Keras's layouts).</summary>
    /// <param name="x">Input (N, L, C).</param>
    /// <param name="kernel">Kernel (K, C / groups, O).</param>
    /// <param name="stride">Positive step.</param>
    /// <param name="padding">"valid", "same" or "causal" (zeros before the sequence only, so output t sees inputs up to t).</param>
    /// <param name="dilation">Positive dilation rate.</param>
    /// <param name="groups">Number of channel groups.</param>
    /// <returns>(N, OL, O).</returns>
    /// <exception cref="ArgumentException">Ranks, dtypes or channel counts do not fit, or the padding name is unknown.</exception>
    public static Tensor Conv1D(Tensor x, Tensor kernel, int stride = 1, string padding = "valid", int dilation = 1, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        CheckRank("Conv1D", x, kernel, 3);
        Tensor x2 = ExpandDims(x, 1);
        Tensor k2 = ExpandDims(kernel, 0);
        Tensor y = string.Equals(padding, "causal", StringComparison.OrdinalIgnoreCase)
            ? Conv2D(x2, k2, (0, 0, (kernel.Shape[0] - 1) * dilation, 0), [stride], [dilation], groups)
            : Conv2D(x2, k2, [stride], padding, [dilation], groups);
        return Squeeze(y, 1);
    }

    /// <summary>
    /// Transposed 2-D convolution (the gradient of <see cref="Conv2D(Tensor, Tensor, int[], string, int[], int)"/> with
    /// respect to its input), sized as Keras's <c>Conv2DTranspose</c>.
    /// </summary>
    /// <param name="x">Input (N, H, W, C).</param>
    /// <param name="kernel">Kernel (KH, KW, F / groups, C), Keras's layout: F output channels.</param>
    /// <param name="strides">One or two positive steps; null for 1.</param>
    /// <param name="padding">"valid": output (H - 1)·stride + max(KH', stride); "same": output H·stride (KH' the dilated kernel size).</param>
    /// <param name="dilations">One or two positive dilation rates; null for 1.</param>
    /// <param name="outputPadding">Extra rows and columns of output (each below its stride), as Keras; null for none.</param>
    /// <param name="groups">Number of channel groups.</param>
    /// <returns>(N, OH, OW, F).</returns>
    /// <exception cref="ArgumentException">Ranks, dtypes or channel counts do not fit, or the padding name is unknown.</exception>
    public static Tensor Conv2DTranspose(Tensor x, Tensor kernel, int[]? strides = null, string padding = "valid", int[]? dilations = null, int[]? outputPadding = null, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        CheckRank("Conv2DTranspose", x, kernel, 4);
        var (sh, sw) = ConvParams.Pair("Conv2DTranspose", "strides", strides);
        var (dh, dw) = ConvParams.Pair("Conv2DTranspose", "dilations", dilations);
        bool same = string.Equals(padding, "same", StringComparison.OrdinalIgnoreCase);
        if (!same && !string.Equals(padding, "valid", StringComparison.OrdinalIgnoreCase))
        {
            ThrowHelper.Argument($"Conv2DTranspose: padding must be \"valid\" or \"same\", but received \"{padding}\".");
        }
        int oh = TransposedSize(x.Shape[1], kernel.Shape[0], sh, dh, same, outputPadding?[0]);
        int ow = TransposedSize(x.Shape[2], kernel.Shape[1], sw, dw, same, outputPadding?[^1]);
        var p = ConvParams.Resolve("Conv2DTranspose", oh, ow, kernel.Shape[0], kernel.Shape[1], [sh, sw], [dh, dw], padding, groups);
        return ConvOps.BackpropInput(x, kernel, p, new Shape(x.Shape[0], oh, ow, kernel.Shape[2] * groups));
    }

    /// <summary>Transposed 2-D convolution with explicit pads, sized as ONNX <c>ConvTranspose</c> and PyTorch <c>ConvTranspose2d</c>.</summary>
    /// <param name="x">Input (N, H, W, C).</param>
    /// <param name="kernel">Kernel (KH, KW, F / groups, C).</param>
    /// <param name="pads">Rows and columns removed from the full output above, below, left and right.</param>
    /// <param name="strides">One or two positive steps; null for 1.</param>
    /// <param name="dilations">One or two positive dilation rates; null for 1.</param>
    /// <param name="outputPadding">Extra rows and columns added below and right; null for none.</param>
    /// <param name="groups">Number of channel groups.</param>
    /// <returns>(N, OH, OW, F) with OH = (H - 1)·stride + (KH - 1)·dilation + 1 - top - bottom + outputPadding.</returns>
    /// <exception cref="ArgumentException">Ranks, dtypes, channel counts or pads do not fit.</exception>
    public static Tensor Conv2DTranspose(Tensor x, Tensor kernel, (int Top, int Bottom, int Left, int Right) pads, int[]? strides = null, int[]? dilations = null, int[]? outputPadding = null, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        CheckRank("Conv2DTranspose", x, kernel, 4);
        var (sh, sw) = ConvParams.Pair("Conv2DTranspose", "strides", strides);
        var (dh, dw) = ConvParams.Pair("Conv2DTranspose", "dilations", dilations);
        int oph = outputPadding?[0] ?? 0, opw = outputPadding?[^1] ?? 0;
        int oh = (x.Shape[1] - 1) * sh + (kernel.Shape[0] - 1) * dh + 1 - pads.Top - pads.Bottom + oph;
        int ow = (x.Shape[2] - 1) * sw + (kernel.Shape[1] - 1) * dw + 1 - pads.Left - pads.Right + opw;
        var p = new ConvParams(sh, sw, dh, dw, pads.Top, pads.Bottom, pads.Left, pads.Right, groups);
        return ConvOps.BackpropInput(x, kernel, p, new Shape(x.Shape[0], oh, ow, kernel.Shape[2] * groups));
    }

    /// <summary>Depthwise 2-D convolution: each input channel is convolved with its own <c>M</c> filters.</summary>
    /// <param name="x">Input (N, H, W, C).</param>
    /// <param name="kernel">Kernel (KH, KW, C, M), Keras's <c>depthwise_kernel</c> layout.</param>
    /// <param name="strides">One or two positive steps; null for 1.</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <param name="dilations">One or two positive dilation rates; null for 1.</param>
    /// <returns>(N, OH, OW, C·M); output channel c·M + m is input channel c under filter m.</returns>
    /// <exception cref="ArgumentException">Ranks, dtypes or channel counts do not fit.</exception>
    public static Tensor DepthwiseConv2D(Tensor x, Tensor kernel, int[]? strides = null, string padding = "valid", int[]? dilations = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        CheckRank("DepthwiseConv2D", x, kernel, 4);
        var k = kernel.Shape;
        // (KH, KW, C, M) -> (KH, KW, 1, C·M): a grouped convolution with one input channel per group.
        Tensor grouped = Reshape(kernel, [k[0], k[1], 1, k[2] * k[3]]);
        return Conv2D(x, grouped, strides, padding, dilations, groups: k[2]);
    }

    private static void CheckRank(string op, Tensor x, Tensor kernel, int rank)
    {
        if (x.Rank != rank || kernel.Rank != rank)
        {
            ThrowHelper.Argument($"{op}: expected an input and a kernel of rank {rank}, but received {x.Shape} and {kernel.Shape}.");
        }
    }

    private static int TransposedSize(int size, int k, int stride, int dilation, bool same, int? outputPadding)
    {
        int effective = (k - 1) * dilation + 1;
        if (outputPadding is int op)
        {
            int pad = same ? effective / 2 : 0;
            return (size - 1) * stride + effective - 2 * pad + op;
        }
        return same ? size * stride : size * stride + Math.Max(effective - stride, 0);
    }
}
