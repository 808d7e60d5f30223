namespace Trellis.Peers;

/// <summary>SGEMM through the public op, <c>Ops.MatMul</c> on float32 tensors (the output is allocated per call, as <c>a @ b</c> in PyTorch).</summary>
internal static class GemmWorkload
{
    /// <summary>GFLOP/s of <c>Ops.MatMul</c> on (m, k)·(k, n).</summary>
    /// <param name="scoped">
    /// Run each call inside a <see cref="TensorScope"/>: the output's array goes back to the pool when the scope ends and
    /// the next call reuses it, as PyTorch frees <c>a @ b</c>'s output by refcount and its allocator hands the same
    /// memory back. Without it every output is a fresh array the GC must zero and later collect.
    /// </param>
    public static double GflopsPerSecond(int m, int k, int n, double seconds, bool scoped = false)
    {
        var a = Tensor.RandomUniform([m, k], -1, 1, seed: 1);
        var b = Tensor.RandomUniform([k, n], -1, 1, seed: 2);
        Action call = scoped ? () => ScopedMatMul(a, b) : () => Ops.MatMul(a, b);
        double perCall = Timing.MedianCallSeconds(call, seconds);
        return 2.0 * m * n * k / perCall / 1e9;
    }

    private static void ScopedMatMul(Tensor a, Tensor b)
    {
        using var scope = new TensorScope();
        Ops.MatMul(a, b);
    }
}
