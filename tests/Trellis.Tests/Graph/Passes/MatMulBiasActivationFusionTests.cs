using Trellis.Graph.Passes;
using Trellis.Tests.TestSupport;
using static Trellis.Tests.Graph.Passes.PassTestHelpers;

namespace Trellis.Tests.Graph.Passes;

[Collection(ThreadCountGroup.Name)]
public class MatMulBiasActivationFusionTests
{
    public static TheoryData<string> Activations => new() { "none", "relu", "sigmoid", "tanh", "elu" };

    private static Tensor Activate(string name, Tensor z) => name switch
    {
        "relu" => Ops.Relu(z),
        "sigmoid" => Ops.Sigmoid(z),
        "tanh" => Ops.Tanh(z),
        "elu" => Ops.Elu(z),
        _ => z,
    };

    [Theory]
    [MemberData(nameof(Activations))]
    public void DenseLayerPattern_BecomesOneFusedNode_SameValues(string activation)
    {
        var w = new Variable(Tensor.RandomNormal([20, 7], seed: 1));
        var b = new Variable(Tensor.RandomNormal([7], seed: 2));
        var before = Raw(a => [Activate(activation, Ops.MatMul(a[0], w) + b)], new TensorSpec([33, 20], DType.Float32));
        var after = new MatMulBiasActivationFusion().Run(before);
        Assert.Equal(1, CountOps(after, "FusedDense"));
        Assert.Equal(1, CountOps(after));
        AssertSameResults(before, after, [Tensor.RandomNormal([33, 20], seed: 3)], rtol: 1e-6);
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void LargeOutput_EpilogueSplitAcrossThreads_SameValuesAsOneThread(string activation)
    {
        // 600 x 128 outputs: the bias/activation epilogue runs in chunks on the worker pool; rows are independent,
        // so the result must not depend on the thread count.
        var w = new Variable(Tensor.RandomNormal([64, 128], seed: 4));
        var b = new Variable(Tensor.RandomNormal([128], seed: 5));
        var graph = new MatMulBiasActivationFusion().Run(Raw(a => [Activate(activation, Ops.MatMul(a[0], w) + b)], new TensorSpec([600, 64], DType.Float32)));
        Assert.Equal(1, CountOps(graph, "FusedDense"));
        var x = Tensor.RandomNormal([600, 64], seed: 6);
        int saved = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = 1;
            var one = Trellis.Graph.Execution.GraphExecutor.Run(graph, [x])[0];
            Threading.MaxThreads = 2;
            var two = Trellis.Graph.Execution.GraphExecutor.Run(graph, [x])[0];
            TensorAssert.BitEqual(one, two);
            TensorAssert.Close(Activate(activation, Ops.MatMul(x, w) + b), two, rtol: 1e-5, atol: 1e-5);
        }
        finally
        {
            Threading.MaxThreads = saved;
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void FusedDense_GradientsMatchUnfused(string activation)
    {
        var x = Tensor.RandomNormal([5, 4], seed: 4, dtype: DType.Float64);
        var w = new Variable(Tensor.RandomNormal([4, 3], seed: 5, dtype: DType.Float64));
        var b = new Variable(Tensor.RandomNormal([3], seed: 6, dtype: DType.Float64));
        var traced = Function.Trace((Tensor t) => Ops.Sum(Ops.Square(Activate(activation, Ops.MatMul(t, w) + b))));
        Assert.Equal(1, CountOps(traced.GetConcreteFunction(new TensorSpec([5, 4], DType.Float64)).Graph, "FusedDense"));
        Tensor?[] fused, eager;
        using (var tape = new GradientTape())
        {
            tape.Watch(x);
            fused = tape.Gradient(traced.Invoke(x), [x, w, b], UnconnectedGradients.None);
        }
        using (var tape = new GradientTape())
        {
            tape.Watch(x);
            eager = tape.Gradient(Ops.Sum(Ops.Square(Activate(activation, Ops.MatMul(x, w) + b))), [x, w, b], UnconnectedGradients.None);
        }
        for (int i = 0; i < 3; i++)
        {
            TensorAssert.Close(eager[i]!, fused[i]!, rtol: 1e-12, atol: 1e-12, context: $"{activation} input {i}");
        }
    }

    [Fact]
    public void MatMulWithSecondConsumer_IsNotFused()
    {
        var w = new Variable(Tensor.RandomNormal([6, 6], seed: 7));
        var b = new Variable(Tensor.RandomNormal([6], seed: 8));
        var before = Raw(a =>
        {
            var mm = Ops.MatMul(a[0], w);
            return [Ops.Relu(mm + b), mm];
        }, new TensorSpec([2, 6], DType.Float32));
        var after = new MatMulBiasActivationFusion().Run(before);
        Assert.Equal(0, CountOps(after, "FusedDense"));
    }
}
