namespace Trellis.Peers;

/// <summary>SGEMM through the public op, <c>Ops.MatMul</c> on float32 tensors (the output is allocated per call, as <c>a @ b</c> in PyTorch).</summary>
internal static class GemmWorkload
{
    public static double GflopsPerSecond(int m, int k, int n, double seconds)
    {
        var a = Tensor.RandomUniform([m, k], -1, 1, seed: 1);
        var b = Tensor.RandomUniform([k, n], -1, 1, seed: 2);
        double perCall = Timing.MedianCallSeconds(() => Ops.MatMul(a, b), seconds);
        return 2.0 * m * n * k / perCall / 1e9;
    }
}
