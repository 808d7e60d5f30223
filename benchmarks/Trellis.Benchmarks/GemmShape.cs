namespace Trellis.Benchmarks;

/// <summary>A GEMM problem size: C(M, N) = A(M, K)·B(K, N).</summary>
public sealed record GemmShape(int M, int N, int K)
{
    public override string ToString() => $"{M}x{N}x{K}";
}
