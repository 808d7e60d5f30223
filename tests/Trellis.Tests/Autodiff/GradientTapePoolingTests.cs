using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Autodiff;

/// <summary>A top-level tape's backward pass pools its intermediate gradients and keeps the ones it returns.</summary>
[Collection(TensorPoolGroup.Name)]
public class GradientTapePoolingTests
{
    private static readonly Shape s_shape = new(300, 301); // 361 KB of float32: pooled, and a length no other test uses

    private static Tensor SquareSumGradient(Variable w)
    {
        using var tape = new GradientTape();
        Tensor loss = Ops.Sum(Ops.Square(w));
        return tape.Gradient(loss, [w])[0];
    }

    [Fact]
    public void Gradient_LargeIntermediates_ComeFromThePoolFromTheSecondCallOn()
    {
        var w = new Variable(Tensor.RandomUniform(s_shape, -1, 1, seed: 1), name: "w");
        SquareSumGradient(w); // fills the pool with this length's intermediates
        long before = GC.GetAllocatedBytesForCurrentThread();
        Tensor g = SquareSumGradient(w);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The forward pass's w² and the returned gradient are new arrays either way; unpooled, the backward pass's
        // intermediates (the ones broadcast to w's shape, 2·w) are two more.
        long oneArray = s_shape.Size * 4L;
        Assert.True(allocated < oneArray * 5 / 2, $"Forward and backward allocated {allocated} bytes; one array of w's size is {oneArray}.");
        TensorAssert.Close(Ops.Multiply(w.Value(), Tensor.Constant(2f)), g, rtol: 1e-6);
    }

    [Fact]
    public void Gradient_ReturnedGradients_SurviveLaterBackwardPasses()
    {
        var w1 = new Variable(Tensor.RandomUniform(s_shape, -1, 1, seed: 2), name: "w1");
        var w2 = new Variable(Tensor.RandomUniform(s_shape, -1, 1, seed: 3), name: "w2");
        Tensor g1 = SquareSumGradient(w1);
        float[] first = g1.ToArray<float>();
        for (int i = 0; i < 3; i++)
        {
            SquareSumGradient(w2); // would reuse g1's array if it had gone back to the pool
        }
        Assert.False(g1.IsReleased);
        Assert.Equal(first, g1.ToArray<float>());
        TensorAssert.Close(Ops.Multiply(w1.Value(), Tensor.Constant(2f)), g1, rtol: 1e-6);
    }

    [Fact]
    public void Gradient_InsideAUserScope_MovesTheGradientToThatScope()
    {
        var w = new Variable(Tensor.RandomUniform(s_shape, -1, 1, seed: 4), name: "w");
        Tensor g;
        using (var outer = new TensorScope())
        {
            g = SquareSumGradient(w);
            Assert.Same(outer, g.OwnerScope);
            Assert.False(g.IsReleased);
        }
        Assert.True(g.IsReleased); // the user's scope, not the tape's, decides when it goes
    }
}
