namespace Trellis.Kernels.Conv;

/// <summary>
/// Sizes of one 2-D convolution in NHWC with an HWIO kernel: input (N, H, W, C), kernel (KH, KW, C / Groups, O),
/// output (N, OH, OW, O). Output position (oh, ow) reads input rows oh·StrideH - PadTop + kh·DilationH (likewise columns);
/// positions outside the input read zero.
/// </summary>
internal readonly record struct ConvGeometry(
    int N, int H, int W, int C, int KH, int KW, int O, int OH, int OW,
    int StrideH, int StrideW, int DilationH, int DilationW, int PadTop, int PadLeft, int Groups)
{
    /// <summary>Input channels per group (the kernel's I axis).</summary>
    public int GroupIn => C / Groups;

    /// <summary>Output channels per group.</summary>
    public int GroupOut => O / Groups;

    /// <summary>Rows of the kernel seen as a matrix for one group: KH·KW·GroupIn.</summary>
    public int PatchSize => KH * KW * GroupIn;
}
