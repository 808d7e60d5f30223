namespace Trellis.Tests.Autodiff;

public class GradientTapeTests
{
    [Fact]
    public void Gradient_ApiExample_GivesTwoW()
    {
        var w = new Variable(Tensor.Constant(new[] { 1f, 2f }), name: "w");
        using var tape = new GradientTape();
        Tensor loss = Ops.Sum(w * w);
        Tensor[] grads = tape.Gradient(loss, [w]);
        Assert.Equal(new[] { 2f, 4f }, grads[0].ToArray<float>());
    }

    [Fact]
    public void Gradient_UnconnectedSource_IsNullOrZero()
    {
        var a = new Variable(Tensor.Constant(new[] { 1f }));
        var b = new Variable(Tensor.Constant(new[] { 3f, 4f }));
        using var tape = new GradientTape(persistent: true);
        Tensor y = Ops.Sum(a * 3);
        Assert.Null(tape.Gradient(y, [a, b], UnconnectedGradients.None)[1]);
        Assert.Equal(new[] { 0f, 0f }, tape.Gradient(y, [a, b], UnconnectedGradients.Zero)[1]!.ToArray<float>());
    }

    [Fact]
    public void Gradient_NonPersistentTwice_Throws()
    {
        var x = Tensor.Constant(2.0);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = x * x;
        tape.Gradient(y, [x]);
        Assert.Throws<InvalidOperationException>(() => tape.Gradient(y, [x]));
    }

    [Fact]
    public void Gradient_BroadcastOperand_IsSummedToItsShape()
    {
        var x = Tensor.Constant(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Tensor.Constant(new double[] { 1, 1, 1 });
        using var tape = new GradientTape();
        tape.Watch(b);
        var y = Ops.Sum(x * b);
        var g = tape.Gradient(y, b)!;
        Assert.Equal(new double[] { 5, 7, 9 }, g.ToArray<double>());
    }

    [Fact]
    public void Gradient_NestedTapes_GiveSecondDerivative()
    {
        var x = Tensor.Constant(3.0);
        using var outer = new GradientTape();
        outer.Watch(x);
        using var inner = new GradientTape();
        inner.Watch(x);
        var y = x * x * x;                       // y = x³
        var dy = inner.Gradient(y, x)!;          // 3x² = 27
        var d2y = outer.Gradient(dy, x)!;        // 6x = 18
        Assert.Equal(27.0, dy.Item<double>());
        Assert.Equal(18.0, d2y.Item<double>());
    }

    [Fact]
    public void StopGradient_BlocksFlow()
    {
        var x = Tensor.Constant(2.0);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = x * Ops.StopGradient(x);
        Assert.Equal(2.0, tape.Gradient(y, x)!.Item<double>());
    }
}
