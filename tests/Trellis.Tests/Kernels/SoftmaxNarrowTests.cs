using Trellis.Kernels.Reductions;

namespace Trellis.Tests.Kernels;

public class SoftmaxNarrowTests
{
    [Fact]
    public void Run_EveryWidthUpTo16AndRowCount_MatchesReference()
    {
        if (!SoftmaxNarrow.Supports(10))
        {
            return; // no Vector512 on this CPU: the kernel is never used
        }
        var rng = new Random(11);
        foreach (int width in Enumerable.Range(1, 16))
        {
            foreach (int rows in new[] { 1, 2, 3, 17, 1024 })
            {
                float[] x = Enumerable.Range(0, rows * width).Select(_ => (float)(rng.NextDouble() * 40 - 20)).ToArray();
                foreach (bool log in new[] { false, true })
                {
                    var expected = new float[x.Length];
                    var actual = new float[x.Length];
                    SoftmaxKernel.Reference<float>(x, expected, rows, width, 1, log);
                    SoftmaxNarrow.Run(x, actual, rows, width, log);
                    for (int i = 0; i < x.Length; i++)
                    {
                        double tolerance = 1e-6 * Math.Abs(expected[i]) + (log ? 1e-6 : 1e-30);
                        Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance,
                            $"width {width}, rows {rows}, log {log}, element {i}: expected {expected[i]}, got {actual[i]}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Run_InfinitiesAndNaN_BehaveAsTheReference()
    {
        if (!SoftmaxNarrow.Supports(10))
        {
            return; // no Vector512 on this CPU: the kernel is never used
        }
        float ninf = float.NegativeInfinity;
        float[] x =
        [
            1, 2, ninf, 3, // -∞ gets probability 0
            ninf, ninf, ninf, ninf, // all -∞: NaN, as in the reference
            1, float.NaN, 3, 4, // NaN poisons its row only
            1e30f, -1e30f, 0, 5, // huge values stay finite
        ];
        var expected = new float[x.Length];
        var actual = new float[x.Length];
        SoftmaxKernel.Reference<float>(x, expected, 4, 4, 1, log: false);
        SoftmaxNarrow.Run(x, actual, 4, 4, log: false);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(float.IsNaN(expected[i]) ? float.IsNaN(actual[i]) : Math.Abs(expected[i] - actual[i]) <= 1e-6 * Math.Abs(expected[i]),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
        Assert.Equal(0f, actual[2]);
        Assert.Equal(1f, actual[12]);
    }

    [Fact]
    public void Run_OutputBufferLongerThanInput_WritesOnlyTheRows()
    {
        if (!SoftmaxNarrow.Supports(10))
        {
            return; // no Vector512 on this CPU: the kernel is never used
        }
        float[] x = [1, 2, 3, 4, 5, 6];
        var y = Enumerable.Repeat(-7f, 40).ToArray();
        SoftmaxNarrow.Run(x, y.AsSpan(0, 6), 2, 3, log: false);
        Assert.All(y[6..], v => Assert.Equal(-7f, v));
        Assert.Equal(1.0, y[0] + y[1] + y[2], 6);
    }
}
