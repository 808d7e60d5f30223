namespace Trellis.Peers;

/// <summary>
/// Forward and backward of one 3×3 convolution block: batch 32, 28×28, 32 channels in and out, "same" padding, the
/// sum of the outputs as the loss, gradients for both the input and the kernel (NHWC/HWIO here, NCHW/OIHW in PyTorch;
/// the same arithmetic).
/// </summary>
internal static class ConvWorkload
{
    private const int Batch = 32;

    public static double SamplesPerSecond(double seconds)
    {
        var x = Tensor.RandomUniform([Batch, 28, 28, 32], -1, 1, seed: 5);
        var w = new Variable(Tensor.RandomUniform([3, 3, 32, 32], -0.1, 0.1, seed: 6), name: "kernel");
        double perCall = Timing.MedianCallSeconds(() =>
        {
            using var tape = new GradientTape();
            tape.Watch(x);
            var loss = Ops.Sum(Ops.Conv2D(x, w, padding: "same"));
            _ = tape.Gradient(loss, [x, w]);
        }, seconds);
        return Batch / perCall;
    }
}
