using Trellis.Kernels.Losses;

namespace Trellis.Tests.Kernels;

public class SoftmaxCrossEntropyKernelTests
{
    [Fact]
    public void Forward_EveryWidthUpTo16AndRowCount_MatchesDoublePrecision()
    {
        var rng = new Random(11);
        foreach (int width in Enumerable.Range(1, 16))
        {
            foreach (int rows in new[] { 1, 2, 3, 7, 37 })
            {
                float[] z = [.. Enumerable.Range(0, rows * width).Select(_ => (float)(rng.NextDouble() * 20 - 10))];
                float[] y = [.. Enumerable.Range(0, rows * width).Select(_ => (float)rng.NextDouble())]; // soft targets
                var losses = new float[rows];
                SoftmaxCrossEntropyKernel.Forward<float>(z, y, losses, width);
                for (int r = 0; r < rows; r++)
                {
                    double lse = LogSumExp(z, r, width);
                    double expected = Enumerable.Range(0, width).Sum(j => y[r * width + j] * (lse - z[r * width + j]));
                    Assert.True(Math.Abs(losses[r] - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)),
                        $"width {width}, rows {rows}, row {r}: {losses[r]} against {expected}");
                }
            }
        }
    }

    [Fact]
    public void Forward_NaNLogit_GivesNaNForItsRowOnly()
    {
        float[] z = [1, 2, float.NaN, 4, 5, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0];
        float[] y = [0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f];
        var losses = new float[3];
        SoftmaxCrossEntropyKernel.Forward<float>(z, y, losses, 5);
        Assert.True(float.IsNaN(losses[0]));
        Assert.Equal(0.4519144, losses[1], 5); // lse(1..5) - 5
        Assert.Equal(Math.Log(5), losses[2], 5);
    }

    [Fact]
    public void Backward_EveryWidthUpTo16AndRowCount_MatchesDoublePrecision()
    {
        var rng = new Random(12);
        foreach (int width in Enumerable.Range(1, 16))
        {
            foreach (int rows in new[] { 1, 2, 3, 7, 37 })
            {
                float[] z = [.. Enumerable.Range(0, rows * width).Select(_ => (float)(rng.NextDouble() * 20 - 10))];
                float[] y = [.. Enumerable.Range(0, rows * width).Select(_ => (float)rng.NextDouble())];
                float[] u = [.. Enumerable.Range(0, rows).Select(_ => (float)(rng.NextDouble() * 2 - 1))];
                var dz = new float[rows * width];
                SoftmaxCrossEntropyBackwardKernel.Run<float>(z, y, u, dz, width);
                for (int r = 0; r < rows; r++)
                {
                    double lse = LogSumExp(z, r, width);
                    double targets = Enumerable.Range(0, width).Sum(j => (double)y[r * width + j]);
                    for (int j = 0; j < width; j++)
                    {
                        double expected = u[r] * (targets * Math.Exp(z[r * width + j] - lse) - y[r * width + j]);
                        Assert.True(Math.Abs(dz[r * width + j] - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)),
                            $"width {width}, rows {rows}, element ({r}, {j}): {dz[r * width + j]} against {expected}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Targets_EveryWidthUpTo16AndRowCount_MatchesDoublePrecision()
    {
        var rng = new Random(13);
        foreach (int width in Enumerable.Range(1, 16))
        {
            foreach (int rows in new[] { 1, 2, 3, 7, 37 })
            {
                float[] z = [.. Enumerable.Range(0, rows * width).Select(_ => (float)(rng.NextDouble() * 20 - 10))];
                float[] u = [.. Enumerable.Range(0, rows).Select(_ => (float)(rng.NextDouble() * 2 - 1))];
                var dy = new float[rows * width];
                SoftmaxCrossEntropyBackwardKernel.Targets<float>(z, u, dy, width);
                for (int r = 0; r < rows; r++)
                {
                    double lse = LogSumExp(z, r, width);
                    for (int j = 0; j < width; j++)
                    {
                        double expected = -u[r] * (z[r * width + j] - lse);
                        Assert.True(Math.Abs(dy[r * width + j] - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)),
                            $"width {width}, rows {rows}, element ({r}, {j}): {dy[r * width + j]} against {expected}");
                    }
                }
            }
        }
    }

    /// <summary>log Σⱼ exp(z[row, j]) in double precision, shifted by the row's maximum.</summary>
    private static double LogSumExp(float[] z, int row, int width)
    {
        double max = Enumerable.Range(0, width).Max(j => (double)z[row * width + j]);
        return max + Math.Log(Enumerable.Range(0, width).Sum(j => Math.Exp(z[row * width + j] - max)));
    }
}
