using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers;

public class ConvTracingTests
{
    [Fact]
    public void ConvPoolStack_TracedWithUnknownBatch_MatchesEagerForEveryBatchSize()
    {
        var conv = new Conv2D(4, [3, 3], padding: "same", activation: "relu");
        var pool = new MaxPooling2D([2, 2]);
        var transpose = new Conv2DTranspose(2, [3, 3], [2, 2], "same");
        var up = new UpSampling2D();
        Tensor Run(Tensor x) => up.Apply(transpose.Apply(pool.Apply(conv.Apply(x))));
        Run(Tensor.Zeros([1, 6, 6, 3]));

        var f = Function.Trace((Tensor x) => Run(x), [new TensorSpec([Shape.Unknown, 6, 6, 3], DType.Float32)]);
        foreach (int batch in new[] { 1, 3, 8 })
        {
            var x = Tensor.RandomNormal([batch, 6, 6, 3], seed: batch);
            TensorAssert.Close(Run(x), f.Invoke(x), rtol: 1e-6, atol: 1e-6, context: $"batch {batch}");
        }
        Assert.Equal(1, f.TraceCount);
    }
}
