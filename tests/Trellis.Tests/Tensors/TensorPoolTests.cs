using Trellis.Tensors;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Tensors;

/// <summary>Pooled outputs: the same bits as fresh arrays (even over a dirty array), and far fewer bytes allocated.</summary>
[Collection(TensorPoolGroup.Name)]
public class TensorPoolTests
{
    /// <summary>Leaves a released array of <paramref name="shape"/> full of NaN on top of this thread's free list.</summary>
    private static void Dirty(Shape shape)
    {
        using (new TensorScope())
        {
            Tensor.Fill(shape, double.NaN);
        }
    }

    [Fact]
    public void PooledMatMul_OverADirtyArray_EqualsUnpooledBitForBit()
    {
        var a = Tensor.RandomNormal([150, 70], seed: 3);
        var b = Tensor.RandomNormal([70, 110], seed: 4);
        var expected = Ops.MatMul(a, b);
        Dirty(expected.Shape);
        using var scope = new TensorScope();
        var pooled = Ops.MatMul(a, b);
        Assert.NotNull(pooled.OwnerScope);
        TensorAssert.BitEqual(expected, pooled);
    }

    [Fact]
    public void PooledMatMul_WithEmptyInnerDimension_IsZeros()
    {
        var a = Tensor.Zeros([160, 0]);
        var b = Tensor.Zeros([0, 120]);
        Dirty([160, 120]);
        using var scope = new TensorScope();
        var product = Ops.MatMul(a, b);
        Assert.All(product.ToArray<float>(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void PooledElementwise_OverDirtyArrays_EqualsUnpooledBitForBit()
    {
        var x = Tensor.RandomNormal([90, 60], seed: 5);
        var row = Tensor.RandomNormal([60], seed: 6);
        var sum = Ops.Add(x, row);
        var relu = Ops.Relu(x);
        var abs = Ops.Abs(x);
        Dirty(x.Shape);
        Dirty(x.Shape);
        Dirty(x.Shape);
        using var scope = new TensorScope();
        TensorAssert.BitEqual(sum, Ops.Add(x, row));
        TensorAssert.BitEqual(relu, Ops.Relu(x));
        TensorAssert.BitEqual(abs, Ops.Abs(x));
        TensorAssert.BitEqual(Tensor.Zeros(x.Shape), Tensor.Zeros(x.Shape));
    }

    // Unscoped calls measured with reclaiming off: the fresh array per call that a scope saves.
    private static long BytesPerCall(Tensor a, Tensor b, bool scoped, int calls)
    {
        TensorPool.Reclaiming = scoped;
        try
        {
            return BestBytesPerCall(a, b, scoped, calls);
        }
        finally
        {
            TensorPool.Reclaiming = true;
        }
    }

    private static long BestBytesPerCall(Tensor a, Tensor b, bool scoped, int calls)
    {
        long best = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
            {
                if (scoped)
                {
                    using var scope = new TensorScope();
                    Ops.MatMul(a, b);
                }
                else
                {
                    Ops.MatMul(a, b);
                }
            }
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return best / calls;
    }

    [Fact]
    public void Pool_StaysWithinItsBound_EvictingOtherLengthsFirst()
    {
        long saved = TensorPool.MaxRetainedBytes;
        TensorPool.Reclaiming = false; // no array the GC finds dead may arrive mid-test
        try
        {
            TensorPool.MaxRetainedBytes = TensorPool.RetainedBytes + 200_000;
            using (new TensorScope())
            {
                for (int i = 0; i < 6; i++)
                {
                    Tensor.Zeros([43, 137 + i]); // 6 lengths of ~24 KB: 141 KB
                }
            }
            long before = TensorPool.RetainedBytes;
            Array[] big;
            using (new TensorScope())
            {
                big = [.. Enumerable.Range(0, 4).Select(_ => Tensor.Zeros([47, 139]).Storage)]; // 4 × 26 KB
            }
            Assert.True(TensorPool.RetainedBytes <= TensorPool.MaxRetainedBytes, $"{TensorPool.RetainedBytes} > {TensorPool.MaxRetainedBytes}");
            using (new TensorScope())
            {
                // The newest length survived the evictions: all four arrays come back.
                var again = Enumerable.Range(0, 4).Select(_ => Tensor.Zeros([47, 139]).Storage).ToList();
                Assert.All(big, a => Assert.Contains(a, again));
            }
            Assert.True(before > 0);
        }
        finally
        {
            TensorPool.MaxRetainedBytes = saved;
            TensorPool.Reclaiming = true;
        }
    }

    [Fact]
    public void Pool_OverItsBound_EvictsTheLengthLeastRecentlyUsedFirst()
    {
        long saved = TensorPool.MaxRetainedBytes;
        TensorPool.Reclaiming = false;
        try
        {
            Shape a = [41, 151], b = [41, 153], c = [41, 155]; // about 25 KB each
            TensorPool.Clear();
            TensorPool.MaxRetainedBytes = (a.Size + b.Size + c.Size + 100) * sizeof(float); // room for three arrays
            Array first, second;
            using (new TensorScope())
            {
                first = Tensor.Zeros(a).Storage;
            }
            using (new TensorScope())
            {
                second = Tensor.Zeros(b).Storage;
            }
            using (new TensorScope())
            {
                Assert.Same(first, Tensor.Zeros(a).Storage); // a is now used more recently than b
            }
            using (new TensorScope())
            {
                Tensor.Zeros(c);
                Tensor.Zeros(c); // the second return needs room: b goes, though a was returned first
            }
            using (new TensorScope())
            {
                Assert.Same(first, Tensor.Zeros(a).Storage);
                Assert.NotSame(second, Tensor.Zeros(b).Storage);
            }
        }
        finally
        {
            TensorPool.MaxRetainedBytes = saved;
            TensorPool.Reclaiming = true;
        }
    }

    [Fact]
    public void MatMul512_InAScope_AllocatesFarFewerBytesPerCall()
    {
        var a = Tensor.RandomNormal([512, 512], seed: 7);
        var b = Tensor.RandomNormal([512, 512], seed: 8);
        BytesPerCall(a, b, scoped: true, 5); // warm-up: packing buffers, plans, the pool's first array
        long plain = BytesPerCall(a, b, scoped: false, 5);
        long scoped = BytesPerCall(a, b, scoped: true, 5);
        Assert.True(plain >= 512 * 512 * sizeof(float), $"unscoped: {plain} bytes per call");
        Assert.True(scoped < 4096, $"scoped: {scoped} bytes per call (unscoped {plain})");
    }
}
