using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers;

public class DropoutTests
{
    [Fact]
    public void Apply_Training_DropsAboutRateAndScalesKept()
    {
        var x = Tensor.Ones([100, 100]);
        var y = new Dropout(0.3, seed: 5).Apply(x, training: true).ToArray<float>();

        double dropped = y.Count(v => v == 0) / (double)y.Length;
        Assert.InRange(dropped, 0.27, 0.33);
        Assert.All(y.Where(v => v != 0), v => Assert.Equal(1 / 0.7f, v, 5));
    }

    [Fact]
    public void Apply_Inference_IsIdentity()
    {
        var x = Tensor.RandomNormal([3, 4], seed: 1);
        TensorAssert.BitEqual(x, new Dropout(0.5).Apply(x));
    }

    [Fact]
    public void Apply_SameSeed_SameMaskSequence()
    {
        var x = Tensor.Ones([8, 8]);
        Dropout a = new(0.5, seed: 42), b = new(0.5, seed: 42);

        var a1 = a.Apply(x, training: true);
        TensorAssert.BitEqual(a1, b.Apply(x, training: true));
        TensorAssert.BitEqual(a.Apply(x, training: true), b.Apply(x, training: true));
        Assert.NotEqual(a1.ToArray<float>(), a.Apply(x, training: true).ToArray<float>());
    }
}
