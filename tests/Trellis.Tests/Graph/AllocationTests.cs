using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Graph;

/// <summary>A traced training step on planned buffers allocates nothing once warm.</summary>
public class AllocationTests
{
    private static (ConcreteFunction Step, SeedMlpStep Model, Tensor X, Tensor Y) TracedSeedMlp()
    {
        var model = new SeedMlpStep();
        var (x, y) = SeedMlpStep.Batch(32);
        var f = Function.Trace((Tensor a, Tensor b) => model.Step(a, b));
        return (f.GetConcreteFunction(new TensorSpec(x.Shape, x.DType), new TensorSpec(y.Shape, y.DType)), model, x, y);
    }

    private static long BytesPerStep(ConcreteFunction step, Tensor x, Tensor y, int steps)
    {
        // Warm-up: plans, layout caches, packing buffers, and enough calls for the JIT to finish tiering up (a
        // tier-up during the measured window is the runtime allocating, not the step).
        for (int i = 0; i < 200; i++)
        {
            step.InvokeBorrowed(x, y);
        }
        long best = long.MaxValue;
        for (int round = 0; round < 3 && best != 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < steps; i++)
            {
                step.InvokeBorrowed(x, y);
            }
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return best / steps;
    }

    [Fact]
    public void TracedSeedMlpAdamStep_AllocatesZeroBytesPerStep()
    {
        // With the kernels' worker pool (struct loop bodies, no Parallel.For), the parallel kernels allocate nothing either.
        var (step, _, x, y) = TracedSeedMlp();
        Assert.True(step.IsPlanned);
        Assert.Equal(0, BytesPerStep(step, x, y, 100));
    }

    [Fact]
    public void TracedSeedMlpAdamStep_EqualsEagerStep()
    {
        var (step, traced, x, y) = TracedSeedMlp();
        var eager = new SeedMlpStep();
        for (int i = 0; i < 5; i++)
        {
            float tracedLoss = step.InvokeBorrowed(x, y)[0].Item<float>();
            float eagerLoss = eager.Step(x, y).Item<float>();
            Assert.Equal(eagerLoss, tracedLoss, 1e-5f);
        }
        for (int v = 0; v < eager.Variables.Length; v++)
        {
            TensorAssert.Close(eager.Variables[v], traced.Variables[v], rtol: 1e-5, atol: 1e-6, context: eager.Variables[v].Name);
        }
        Assert.Equal(5f, traced.Iterations.Item<float>());
    }
}
