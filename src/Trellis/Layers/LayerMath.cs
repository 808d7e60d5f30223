namespace Trellis.Layers;

/// <summary>Composite ops the layers need before the dedicated kernels exist.</summary>
internal static class LayerMath
{
    /// <summary>(m, k) x (k, n) -> (m, n).</summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        // (m, k, 1) * (1, k, n) summed over k: correct and differentiable through existing ops.
        // PERF: replaced by Ops.MatMul (GEMM) once it lands.
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        var product = Ops.Reshape(a, [m, k, 1]) * Ops.Reshape(b, [1, k, n]);
        return Ops.Sum(product, 1);
    }
}
