using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Graph;

/// <summary>Variable assignments recorded inside traced functions (optimizer updates in a traced training step).</summary>
public class AssignVariableTests
{
    private static Tensor SgdStep(Tensor x, Tensor y, Variable w, Variable b, double lr)
    {
        using var tape = new GradientTape();
        var pred = Ops.MatMul(x, w) + b;
        var loss = Ops.Mean(Ops.Square(pred - y));
        var grads = tape.Gradient(loss, [w, b]);
        w.Assign(w - grads[0] * lr);
        b.Assign(b - grads[1] * lr);
        return loss;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TracedSgdStep_TenSteps_EqualsEagerBitExact(bool allPasses)
    {
        var x = Tensor.RandomNormal([8, 5], seed: 1);
        var y = Tensor.RandomNormal([8, 3], seed: 2);
        var w0 = Tensor.RandomNormal([5, 3], seed: 3);
        var b0 = Tensor.RandomNormal([3], seed: 4);
        Variable we = new(w0), be = new(b0), wt = new(w0), bt = new(b0);
        var step = Function.Trace((Tensor a, Tensor c) => SgdStep(a, c, wt, bt, 0.05), options: allPasses ? GraphOptions.Default : GraphOptions.None);
        for (int i = 0; i < 10; i++)
        {
            Tensor eagerLoss = SgdStep(x, y, we, be, 0.05);
            Tensor tracedLoss = step.Invoke(x, y);
            TensorAssert.BitEqual(eagerLoss, tracedLoss, $"loss at step {i}");
            TensorAssert.BitEqual(we, wt, $"w after step {i}");
            TensorAssert.BitEqual(be, bt, $"b after step {i}");
        }
        Assert.Equal(1, step.TraceCount);
        Assert.Contains("AssignVariable", step.GetConcreteFunction(new TensorSpec([8, 5], DType.Float32), new TensorSpec([8, 3], DType.Float32)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_AssignThenRead_ReadSeesNewValue()
    {
        var v = new Variable(Tensor.Constant(new[] { 1f, 2f }));
        var f = Function.Trace((Tensor x) =>
        {
            var before = v * 2;       // reads the old value
            v.Assign(v + x);
            var after = v * 2;        // same expression, new value: must not be merged with 'before'
            return after - before;
        });
        var delta = f.Invoke(Tensor.Constant(new[] { 10f, 20f }));
        Assert.Equal(new[] { 20f, 40f }, delta.ToArray<float>());
        Assert.Equal(new[] { 11f, 22f }, v.ToArray<float>());
        f.Invoke(Tensor.Constant(new[] { 1f, 1f }));
        Assert.Equal(new[] { 12f, 23f }, v.ToArray<float>());
    }

    [Fact]
    public void Trace_AssignAddWithUnusedResult_IsKeptByDeadCodeElimination()
    {
        var counter = new Variable(Tensor.Constant(0f), trainable: false);
        var f = Function.Trace((Tensor x) =>
        {
            counter.AssignAdd(Ops.Sum(x));
            counter.AssignSub(Ops.OnesLike(counter));
            return x * 2;
        });
        for (int i = 0; i < 3; i++)
        {
            f.Invoke(Tensor.Constant(new[] { 1f, 2f }));
        }
        Assert.Equal(6f, counter.Item<float>()); // 3 calls of (+3, -1)
    }

    [Fact]
    public void Trace_FusibleChainAcrossAssign_ReadsValueBeforeAssign()
    {
        var v = new Variable(Tensor.Constant(new[] { 0.5f, 1.5f }));
        var f = Function.Trace((Tensor x) =>
        {
            var head = Ops.Exp(v);    // a fusible chain starting at the variable...
            v.Assign(x);
            return Ops.Tanh(head);    // ...whose tail comes after the assignment
        });
        var result = f.Invoke(Tensor.Constant(new[] { 9f, 9f }));
        var expected = Ops.Tanh(Ops.Exp(Tensor.Constant(new[] { 0.5f, 1.5f })));
        TensorAssert.Close(expected, result, rtol: 1e-6, atol: 1e-7);
    }

    [Fact]
    public void Assign_SymbolicValueOutsideTrace_Throws()
    {
        Tensor? leaked = null;
        Function.Trace((Tensor x) => leaked = x * 2).Invoke(Tensor.Constant(1f));
        var v = new Variable(Tensor.Constant(0f));
        Assert.Throws<InvalidOperationException>(() => v.Assign(leaked!));
    }

    [Fact]
    public void ExportThenLoad_FunctionWithAssignment_KeepsUpdatingItsOwnVariable()
    {
        var v = new Variable(Tensor.Constant(new[] { 1f, 2f }), "state");
        var f = Function.Trace((Tensor x) =>
        {
            v.AssignAdd(x);
            return v * 2;
        });
        string dir = Directory.CreateTempSubdirectory("trellis-assign-").FullName;
        Trellis.ConcreteFunction loaded;
        try
        {
            Trellis.Saving.FunctionExport.Save(f, dir, new TensorSpec([2], DType.Float32));
            loaded = Trellis.Saving.FunctionExport.Load(dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        var x = Tensor.Constant(new[] { 1f, 1f });
        Assert.Equal(new[] { 4f, 6f }, loaded.Invoke(x)[0].ToArray<float>());
        Assert.Equal(new[] { 6f, 8f }, loaded.Invoke(x)[0].ToArray<float>());
        Assert.Equal(new[] { 1f, 2f }, v.ToArray<float>()); // the loaded function owns a copy
    }
}
