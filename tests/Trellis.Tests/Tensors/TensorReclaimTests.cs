using System.Runtime.CompilerServices;
using Trellis.Tensors;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Tensors;

/// <summary>
/// Large tensors made outside every scope: their arrays go back to the pool once the GC finds them unreachable, never
/// while a tensor, a view or a caller still reads them, and an op over a reclaimed array gives the fresh array's bits.
/// </summary>
[Collection(TensorPoolGroup.Name)]
public class TensorReclaimTests
{
    // Lengths no other test uses, so another test's allocation never takes the array under test from the pool.
    private static readonly Shape s_shape = [331, 97];
    private static readonly Shape s_other = [337, 89];

    /// <summary>
    /// Makes an unscoped tensor and drops it; the long weak reference follows the array through its resurrection.
    /// Not inlined, so no local of the caller's frame keeps the tensor alive.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference MakeAndDrop(Shape shape, double value = double.NaN) =>
        new(Tensor.Fill(shape, value).Storage, trackResurrection: true);

    private static void CollectAndReclaim()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [Fact]
    public void UnreachableUnscopedTensor_ItsArrayServesTheNextAllocationOfItsSize()
    {
        var dropped = MakeAndDrop(s_shape);
        CollectAndReclaim();
        Assert.NotNull(dropped.Target); // resurrected into the pool, not freed
        var next = Tensor.Zeros(s_shape);
        Assert.Same(dropped.Target, next.Storage);
        Assert.All(next.ToArray<float>(), v => Assert.Equal(0f, v)); // cleared: Zeros over a NaN-filled array
    }

    [Fact]
    public void ArrayKeptPastTheOutermostScope_IsReclaimedOnceUnreachable()
    {
        var kept = KeepAndDrop([331, 103]);
        CollectAndReclaim();
        Assert.NotNull(kept.Target);
        Assert.Same(kept.Target, Tensor.Zeros([331, 103]).Storage);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference KeepAndDrop(Shape shape)
    {
        using var scope = new TensorScope();
        var kept = scope.Keep(Tensor.Fill(shape, 2.0)); // out of pooling: no scope will return it
        Assert.Null(kept.OwnerScope);
        return new WeakReference(kept.Storage, trackResurrection: true);
    }

    [Fact]
    public void ArrayReadByAView_IsNotReclaimed()
    {
        var view = MakeView(out var storage);
        CollectAndReclaim();
        var next = Tensor.Fill(s_other, -1.0);
        Assert.NotSame(storage.Target, next.Storage);
        Assert.All(view.ToArray<float>(), v => Assert.Equal(3f, v));
        GC.KeepAlive(view);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Tensor MakeView(out WeakReference storage)
    {
        var t = Tensor.Fill(s_other, 3.0);
        storage = new WeakReference(t.Storage, trackResurrection: true);
        return Ops.Reshape(t, [s_other.Size]); // same array; t itself becomes unreachable
    }

    [Fact]
    public void ArrayHeldByTheCaller_IsNotReclaimed()
    {
        float[] held = HoldStorage();
        CollectAndReclaim();
        var next = Tensor.Fill([337, 97], -1.0);
        Assert.NotSame(held, next.Storage);
        Assert.All(held, v => Assert.Equal(5f, v));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float[] HoldStorage() => (float[])Tensor.Fill([337, 97], 5.0).Storage;

    [Fact]
    public void MatMulOverAReclaimedDirtyArray_EqualsAFreshArrayBitForBit()
    {
        var a = Tensor.RandomNormal([331, 70], seed: 11);
        var b = Tensor.RandomNormal([70, 97], seed: 12);
        Tensor expected;
        TensorPool.Reclaiming = false;
        try
        {
            expected = Ops.MatMul(a, b);
        }
        finally
        {
            TensorPool.Reclaiming = true;
        }
        var dropped = MakeAndDrop(s_shape);
        CollectAndReclaim();
        var product = Ops.MatMul(a, b);
        Assert.Same(dropped.Target, product.Storage);
        TensorAssert.BitEqual(expected, product);
    }

    [Fact]
    public void WithReclaimingOff_UnreachableArraysAreLeftToTheGC()
    {
        TensorPool.Reclaiming = false;
        try
        {
            var dropped = MakeAndDrop([331, 101]);
            CollectAndReclaim();
            Assert.Null(dropped.Target); // freed, not resurrected for the pool
        }
        finally
        {
            TensorPool.Reclaiming = true;
        }
    }

    [Fact]
    public void AppContextSwitch_TurnsReclaimingOff()
    {
        Assert.False(TensorPool.ReclaimingDisabledByApp());
        AppContext.SetSwitch("Trellis.DisableTensorReclaiming", true);
        try
        {
            Assert.True(TensorPool.ReclaimingDisabledByApp());
        }
        finally
        {
            AppContext.SetSwitch("Trellis.DisableTensorReclaiming", false);
        }
    }
}
