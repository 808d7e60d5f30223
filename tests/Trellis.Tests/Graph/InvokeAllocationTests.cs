namespace Trellis.Tests.Graph;

/// <summary>What a steady-state call of a traced function allocates beyond its kernels.</summary>
public class InvokeAllocationTests
{
    private static long BytesPerCall(Action call, int calls = 200)
    {
        for (int i = 0; i < 300; i++)
        {
            call(); // plans, caches, JIT tier-up
        }
        long best = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
            {
                call();
            }
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return best / calls;
    }

    private static T Serial<T>(Func<T> body)
    {
        // Kernels run serially on this thread (Parallel.For allocates its own tasks; that belongs to the kernels).
        bool outer = Threading.InParallelRegion;
        Threading.InParallelRegion = true;
        try
        {
            return body();
        }
        finally
        {
            Threading.InParallelRegion = outer;
        }
    }

    [Fact]
    public void TracedFunctionInvoke_SteadyState_AllocatesOnlyTheResult()
    {
        var w = new Variable(Tensor.RandomNormal([16, 8], seed: 1));
        var f = Function.Trace((Tensor x, Tensor y) => Ops.Mean(Ops.Square(Ops.Tanh(Ops.MatMul(x, w)) - y)));
        var x = Tensor.RandomNormal([32, 16], seed: 2);
        var y = Tensor.RandomNormal([32, 8], seed: 3);
        long bytes = Serial(() => BytesPerCall(() => f.Invoke(x, y)));
        // The result: a Tensor object, its one-element storage and the one-element result array (about 120 bytes).
        Assert.True(bytes <= 200, $"TracedFunction.Invoke allocates {bytes} bytes per call");
    }

    [Fact]
    public void TracedFunctionInvoke_AfterGetConcreteFunction_AllocatesOnlyTheResult()
    {
        var f = Function.Trace((Tensor x) => Ops.Sum(Ops.Exp(x)));
        var x = Tensor.RandomNormal([64], seed: 4);
        f.GetConcreteFunction(new TensorSpec([64], DType.Float32)); // traced from specs, then called with tensors
        long bytes = Serial(() => BytesPerCall(() => f.Invoke(x)));
        Assert.True(bytes <= 200, $"TracedFunction.Invoke allocates {bytes} bytes per call");
        Assert.Equal(1, f.TraceCount);
    }

    [Fact]
    public void TracedFunctionInvoke_UnknownDimensionSignature_FastPathStillChecksArguments()
    {
        var f = Function.Trace((Tensor x) => x * 2, [new TensorSpec([Shape.Unknown, 2], DType.Float32)]);
        Assert.Equal(new[] { 2f, 2f }, f.Invoke(Tensor.Ones([1, 2])).ToArray<float>());
        Assert.Equal(6, f.Invoke(Tensor.Ones([3, 2])).Size);
        var ex = Assert.Throws<ArgumentException>(() => f.Invoke(Tensor.Ones([3, 3])));
        Assert.Contains("does not fit the input signature", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => f.Invoke(Tensor.Ones([3, 2], DType.Float64)));
        Assert.Equal(1, f.TraceCount);
    }
}
