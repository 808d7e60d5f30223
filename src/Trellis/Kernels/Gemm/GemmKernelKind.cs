namespace Trellis.Kernels.Gemm;

/// <summary>Which micro-kernel a GEMM uses. <see cref="Auto"/> picks the widest the CPU runs; the others let tests cover every path on one machine.</summary>
internal enum GemmKernelKind
{
    Auto,
    Avx512,
    Avx2,
    Vector128,
}
