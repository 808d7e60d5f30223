using Xunit.Abstractions;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Tensors;

/// <summary>An eager loop without a scope reuses its large outputs' memory once the GC finds them unreachable.</summary>
[Collection(AloneGroup.Name)]
public class TensorReclaimLoopTests(ITestOutputHelper output)
{
    [Fact]
    public void EagerLoopWithoutAScope_ReusesArraysInsteadOfAllocating()
    {
        // Products of 1 MB each, each dropped at once. Unreclaimed, every output is a fresh array. Reclaimed, once 300
        // calls and two gen2 collections have run (the pacer requests them; how often depends on what else the process
        // keeps alive), the outputs of 200 more calls are mostly arrays the GC found unreachable.
        // K = 256: about a millisecond per call, so a background collection spans few calls (their outputs are fresh).
        var a = Tensor.RandomNormal([512, 256], seed: 13);
        var b = Tensor.RandomNormal([256, 512], seed: 14);
        int gen2 = GC.CollectionCount(2);
        for (int i = 0; i < 3000 && (i < 300 || GC.CollectionCount(2) < gen2 + 2); i++) // 300 MB: several pacer budgets
        {
            Ops.MatMul(a, b);
        }
        Assert.True(GC.CollectionCount(2) >= gen2 + 2, "fewer than 2 gen2 collections in 3 GB of unscoped outputs");
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            Ops.MatMul(a, b);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long requested = 200L * 512 * 512 * sizeof(float);
        output.WriteLine($"allocated {allocated >> 20} MB for {requested >> 20} MB of outputs");
        Assert.True(allocated < requested / 2, $"allocated {allocated >> 20} MB for {requested >> 20} MB of outputs");
    }
}
