using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Tensors;

/// <summary>TensorScope: what is released, what survives, and that pooled memory is never shared by two live tensors.</summary>
[Collection(TensorPoolGroup.Name)] // some tests expect a released array back, which a lowered bound could evict
public class TensorScopeTests
{
    // 64×64 float32 = 16 KB: exactly the pooling threshold.
    private static readonly Shape Large = [64, 64];

    [Fact]
    public void ReleasedTensor_Read_ThrowsWithShapeAndHowToKeep()
    {
        Tensor t;
        using (new TensorScope())
        {
            t = Tensor.Fill(Large, 3.0);
            Assert.Equal(3f, t.GetValue<float>(1, 2));
        }
        Assert.True(t.IsReleased);
        Assert.False(t.IsSymbolic);
        Assert.Equal(Large, t.Shape);
        Assert.Equal(DType.Float32, t.DType);
        Assert.Contains("released", t.ToString());
        var e = Assert.Throws<ObjectDisposedException>(() => t.ToArray<float>());
        Assert.Contains("float32 tensor of shape (64, 64)", e.Message);
        Assert.Contains("released when its TensorScope ended", e.Message);
        Assert.Contains("scope.Keep(tensor)", e.Message);
        Assert.Contains("MoveToOuterScope", e.Message);
        Assert.Throws<ObjectDisposedException>(() => Ops.Add(t, t));
    }

    [Fact]
    public void ReleasedTensor_ViewKeepOrCapture_ThrowTheReleasedMessage()
    {
        Tensor t;
        using (new TensorScope())
        {
            t = Tensor.Fill(Large, 1.0);
        }
        Assert.Contains("TensorScope", Assert.Throws<ObjectDisposedException>(() => Ops.Reshape(t, [4096])).Message);
        Assert.Throws<ObjectDisposedException>(() => t.MoveToOuterScope());
        using (var scope = new TensorScope())
        {
            Assert.Throws<ObjectDisposedException>(() => scope.Keep(t));
        }
        var error = Assert.Throws<ObjectDisposedException>(() => Function.Trace((Tensor a) => a + t).Invoke(Tensor.Zeros(Large)));
        Assert.Contains("scope.Keep", error.Message);
    }

    [Theory]
    [InlineData(DType.Int64)]
    [InlineData(DType.Float64)]
    [InlineData(DType.UInt8)]
    public void ReusedArrayOfAnyDType_IsZeroedForZeros(DType dtype)
    {
        Shape shape = [16384 / dtype.SizeInBytes() / 16 + 3, 16];
        using (new TensorScope())
        {
            Tensor.Fill(shape, 5.0, dtype);
        }
        using (new TensorScope())
        {
            var zeros = Tensor.Zeros(shape, dtype);
            Assert.NotNull(zeros.OwnerScope);
            Assert.All(Ops.Cast(zeros, DType.Float64).ToArray<double>(), v => Assert.Equal(0.0, v));
        }
    }

    [Fact]
    public void SmallTensor_IsNeverPooled()
    {
        Tensor small;
        using (new TensorScope())
        {
            small = Tensor.Fill([63, 64], 2.0); // one row under 16 KB
        }
        Assert.False(small.IsReleased);
        Assert.Equal(2f, small.GetValue<float>(62, 63));
    }

    [Fact]
    public void KeptTensor_SurvivesWithItsValues()
    {
        var a = Tensor.RandomNormal([96, 80], seed: 1);
        var b = Tensor.RandomNormal([80, 72], seed: 2);
        var expected = Ops.MatMul(a, b);
        Tensor kept;
        using (var scope = new TensorScope())
        {
            var product = Ops.MatMul(a, b);
            kept = scope.Keep(Ops.Relu(product));
            Assert.Null(kept.OwnerScope); // no enclosing scope: out of pooling for good
        }
        using (new TensorScope())
        {
            for (int i = 0; i < 4; i++)
            {
                Tensor.Fill(kept.Shape, -1.0); // would overwrite kept's array if it had gone back
            }
        }
        Assert.False(kept.IsReleased);
        TensorAssert.BitEqual(Ops.Relu(expected), kept);
    }

    [Fact]
    public void NestedScopes_KeepMovesToTheEnclosingScope()
    {
        Tensor t;
        using (var outer = new TensorScope())
        {
            using (var inner = new TensorScope())
            {
                t = Tensor.Fill(Large, 5.0);
                Assert.Same(inner, t.OwnerScope);
                Assert.Same(t, inner.Keep(t));
                Assert.Same(outer, t.OwnerScope);
            }
            Assert.False(t.IsReleased);
            Assert.Equal(5f, t.GetValue<float>(0, 0));
        }
        Assert.True(t.IsReleased);
    }

    [Fact]
    public void MoveToOuterScope_MovesOneLevel_AndOuterKeepReachesInnerTensors()
    {
        Tensor t, u;
        using (var outer = new TensorScope())
        {
            using (var middle = new TensorScope())
            {
                using (new TensorScope())
                {
                    t = Tensor.Fill(Large, 1.0).MoveToOuterScope();
                    Assert.Same(middle, t.OwnerScope);
                    u = Tensor.Fill(Large, 2.0);
                    outer.Keep(u); // from a scope nested in outer: leaves outer too
                    Assert.Null(u.OwnerScope);
                }
                Assert.False(t.IsReleased);
            }
            Assert.True(t.IsReleased);
        }
        Assert.Equal(2f, u.GetValue<float>(63, 63));
    }

    [Fact]
    public void DisposingOuterScope_EndsInnerScopesStillOpen()
    {
        Tensor t;
        var outer = new TensorScope();
        var inner = new TensorScope();
        t = Tensor.Fill(Large, 1.0);
        outer.Dispose();
        Assert.True(t.IsReleased);
        inner.Dispose(); // already ended: no-op
        Assert.Null(TensorScope.Current);
        Assert.Null(Tensor.Fill(Large, 1.0).OwnerScope);
    }

    [Fact]
    public void KeptView_KeepsItsStorageOutOfThePool()
    {
        Shape shape = [37, 129]; // a length no other test rents
        Tensor view;
        using (new TensorScope())
        {
            using (var scope = new TensorScope())
            {
                var t = Tensor.Fill(shape, 7.0);
                view = scope.Keep(Ops.Reshape(t, [129, 37]));
                Assert.Same(t.Storage, view.Storage); // a view, not a copy
            }
            using (new TensorScope())
            {
                for (int i = 0; i < 4; i++)
                {
                    var other = Tensor.Fill(shape, -3.0);
                    Assert.NotSame(view.Storage, other.Storage);
                }
            }
            Assert.All(view.ToArray<float>(), v => Assert.Equal(7f, v));
        }
        Assert.True(view.IsReleased);
    }

    [Fact]
    public void ReleasedArray_IsReusedByTheNextAllocationOfItsSize()
    {
        Shape shape = [41, 131]; // a length no other test rents
        Array first;
        using (new TensorScope())
        {
            first = Tensor.Fill(shape, 1.0).Storage;
        }
        using (new TensorScope())
        {
            var again = Tensor.Zeros(shape);
            Assert.Same(first, again.Storage);
            Assert.All(again.ToArray<float>(), v => Assert.Equal(0f, v)); // cleared like new float[n]
        }
    }

    [Fact]
    public void VariableMadeInScope_Survives()
    {
        Variable v;
        var layer = new Trellis.Layers.Dense(64);
        using (new TensorScope())
        {
            v = new Variable(Tensor.Fill(Large, 4.0));
            layer.Apply(Tensor.Fill([70, 64], 1.0)); // builds the kernel through an initializer inside the scope
            v.Assign(Tensor.Fill(Large, 6.0));
        }
        Assert.False(v.IsReleased);
        Assert.Equal(6f, v.GetValue<float>(10, 10));
        Assert.All(layer.Variables, w => Assert.False(w.IsReleased));
        Assert.Equal(64 * 64, layer.Variables[0].ToArray<float>().Length);
    }

    [Fact]
    public void TracedFunction_CapturingAScopedTensor_KeepsIt()
    {
        var x = Tensor.Fill(Large, 1.0);
        TracedFunction f;
        Tensor c;
        using (new TensorScope())
        {
            c = Tensor.Fill(Large, 2.0);
            f = Function.Trace((Tensor a) => a + c);
            Assert.Equal(3f, f.Invoke(x).GetValue<float>(0, 0));
        }
        Assert.False(c.IsReleased);
        using (new TensorScope())
        {
            Tensor.Fill(Large, 9.0);
            Assert.Equal(3f, f.Invoke(x).GetValue<float>(5, 5));
        }
    }

    [Fact]
    public void ScopesOnTwoThreads_NeverShareArrays()
    {
        using var barrier = new Barrier(2);
        var failures = new int[2];
        void Work(int id)
        {
            barrier.SignalAndWait();
            for (int i = 0; i < 200; i++)
            {
                using var scope = new TensorScope();
                var t = Tensor.Fill(Large, id);
                var u = t + Tensor.Constant(1f);
                Thread.Yield();
                foreach (float v in u.ToArray<float>())
                {
                    failures[id] += v == id + 1 ? 0 : 1;
                }
                foreach (float v in t.ToArray<float>())
                {
                    failures[id] += v == id ? 0 : 1;
                }
            }
        }
        var threads = new[] { new Thread(() => Work(0)), new Thread(() => Work(1)) };
        foreach (var th in threads)
        {
            th.Start();
        }
        foreach (var th in threads)
        {
            th.Join();
        }
        Assert.Equal([0, 0], failures);
    }

    [Fact]
    public void ScopeFromAnotherThread_CannotBeDisposedThere()
    {
        using var scope = new TensorScope();
        Exception? error = null;
        var th = new Thread(() => error = Record.Exception(scope.Dispose));
        th.Start();
        th.Join();
        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("belongs to thread", error!.Message);
    }
}
