namespace Trellis.Kernels.Conv;

/// <summary>
/// Sizes of one 2-D pooling in NHWC: input (N, H, W, C), window (PH, PW), output (N, OH, OW, C). Window (oh, ow) covers
/// input rows oh·StrideH - PadTop .. + PH - 1 (likewise columns); positions outside the input are skipped.
/// </summary>
/// <remarks>CountIncludePad, for average pooling: divide by the full window size (PyTorch's default) instead of the
/// number of positions inside the input (Keras and ONNX's default).</remarks>
internal readonly record struct PoolGeometry(
    int N, int H, int W, int C, int PH, int PW, int OH, int OW,
    int StrideH, int StrideW, int PadTop, int PadLeft, bool CountIncludePad)
{
    /// <summary>The clipped window of output (oh, ow): rows [h0, h1) and columns [w0, w1) of the input.</summary>
    public (int H0, int H1, int W0, int W1) Window(int oh, int ow)
    {
        int h0 = oh * StrideH - PadTop, w0 = ow * StrideW - PadLeft;
        return (Math.Max(h0, 0), Math.Min(h0 + PH, H), Math.Max(w0, 0), Math.Min(w0 + PW, W));
    }

    /// <summary>The divisor of average pooling for a clipped window.</summary>
    public int Divisor(int h0, int h1, int w0, int w1) => CountIncludePad ? PH * PW : (h1 - h0) * (w1 - w0);
}
