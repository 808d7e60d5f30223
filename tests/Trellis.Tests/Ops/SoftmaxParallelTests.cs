using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Operations;

/// <summary>Large last-axis softmaxes run their rows on the worker pool: the same bits for any thread count.</summary>
[Collection(ThreadCountGroup.Name)]
public class SoftmaxParallelTests
{
    [Theory]
    [InlineData(3000, 10, false)]
    [InlineData(3000, 10, true)]
    [InlineData(97, 300, false)]
    [InlineData(97, 300, true)]
    public void Softmax_RowsSplitAcrossThreads_BitEqualToOneThreadAndCloseToReference(int rows, int width, bool log)
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = Tensor.RandomNormal([rows, width], seed: 8, dtype: dtype) * 4;
            Tensor Run() => log ? Ops.LogSoftmax(x) : Ops.Softmax(x);
            int saved = Threading.MaxThreads;
            try
            {
                Threading.MaxThreads = 1;
                var one = Run();
                Threading.MaxThreads = 2;
                var two = Run();
                TensorAssert.BitEqual(one, two);
                var (fast, reference) = TensorAssert.FastAndReference(Run);
                TensorAssert.Close(reference, fast, rtol: 1e-5, atol: 1e-6);
            }
            finally
            {
                Threading.MaxThreads = saved;
            }
        }
    }
}
