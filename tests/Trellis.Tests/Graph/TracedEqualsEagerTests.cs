using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Graph;

/// <summary>Every op family, traced with all passes and without any, equals eager execution bit for bit.</summary>
public class TracedEqualsEagerTests
{
    private static readonly Dictionary<string, (Func<Tensor[], Tensor> F, Shape[] Shapes)> Cases = new()
    {
        ["MatMul"] = (a => Ops.MatMul(a[0], a[1]), [[5, 7], [7, 3]]),
        ["MatMulT"] = (a => Ops.MatMul(a[0], a[1], transposeA: true, transposeB: true), [[7, 5], [3, 7]]),
        ["BatchMatMul"] = (a => Ops.MatMul(a[0], a[1]), [[2, 4, 5, 6], [6, 3]]),
        ["Sum"] = (a => Ops.Sum(a[0], [0, 2], keepDims: true), [[3, 4, 5]]),
        ["Mean"] = (a => Ops.Mean(a[0], [1]), [[3, 4, 5]]),
        ["Max"] = (a => Ops.Max(a[0], [-1]), [[3, 4, 5]]),
        ["Min"] = (a => Ops.Min(a[0]), [[3, 4, 5]]),
        ["Prod"] = (a => Ops.Prod(a[0], [1]), [[3, 4]]),
        ["ArgMax"] = (a => Ops.ArgMax(a[0], 1), [[3, 4, 5]]),
        ["ArgMin"] = (a => Ops.ArgMin(a[0], 0), [[3, 4]]),
        ["Softmax"] = (a => Ops.Softmax(a[0]), [[4, 9]]),
        ["SoftmaxAxis0"] = (a => Ops.Softmax(a[0], 0), [[4, 9]]),
        ["LogSoftmax"] = (a => Ops.LogSoftmax(a[0]), [[4, 9]]),
        ["LogSumExp"] = (a => Ops.LogSumExp(a[0], [1]), [[4, 9]]),
        ["Variance"] = (a => Ops.Variance(a[0], [0]), [[4, 9]]),
        ["Std"] = (a => Ops.Std(a[0], [1], keepDims: true), [[4, 9]]),
        ["Reshape"] = (a => Ops.Reshape(a[0], [6, -1]), [[3, 4, 2]]),
        ["BroadcastTo"] = (a => Ops.BroadcastTo(a[0], [2, 3, 4]), [[3, 1]]),
        ["Transpose"] = (a => Ops.Transpose(a[0], [2, 0, 1]), [[3, 4, 2]]),
        ["ExpandDims"] = (a => Ops.ExpandDims(a[0], 1), [[3, 4]]),
        ["Squeeze"] = (a => Ops.Squeeze(a[0]), [[3, 1, 4, 1]]),
        ["Concat"] = (a => Ops.Concat([a[0], a[1]], 1), [[3, 2], [3, 5]]),
        ["Stack"] = (a => Ops.Stack([a[0], a[1]], 0), [[3, 2], [3, 2]]),
        ["Split"] = (a => Ops.Split(a[0], 3, 1)[1], [[2, 6]]),
        ["Slice"] = (a => Ops.Slice(a[0], [1, 0], [2, -1]), [[4, 5]]),
        ["StridedSlice"] = (a => Ops.StridedSlice(a[0], [3, 0], [0, 5], [-1, 2]), [[4, 5]]),
        ["Gather"] = (a => Ops.Gather(a[0], Tensor.Constant(new[] { 2, 0, 2 }), 0), [[4, 5]]),
        ["OneHot"] = (a => Ops.OneHot(Ops.ArgMax(a[0], 1), 5), [[4, 5]]),
        ["Pad"] = (a => Ops.Pad(a[0], new[,] { { 1, 0 }, { 2, 1 } }, 0.5), [[2, 3]]),
        ["Tile"] = (a => Ops.Tile(a[0], [2, 3]), [[2, 3]]),
        ["Where"] = (a => Ops.Where(Ops.Greater(a[0], a[1]), a[0], a[1]), [[3, 4], [4]]),
        ["Cast"] = (a => Ops.Cast(Ops.Cast(a[0] * 10, DType.Int32), DType.Float32), [[3, 4]]),
        ["Clip"] = (a => Ops.Clip(a[0], -0.3, 0.4), [[3, 4]]),
        ["Chain"] = (a => Ops.Tanh(Ops.Exp(a[0] * 0.5) - 1) * 3, [[3, 4]]),
        ["Dense"] = (a => Ops.Relu(Ops.MatMul(a[0], a[1]) + a[2]), [[8, 5], [5, 3], [3]]),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Traced_EqualsEager(string name)
    {
        var (f, shapes) = Cases[name];
        var args = shapes.Select((s, i) => Tensor.RandomNormal(s, seed: 10 + i)).ToArray();
        Tensor eager = f(args);
        Tensor raw = Function.Trace(a => [f(a)], options: GraphOptions.None).InvokeAll(args)[0];
        TensorAssert.BitEqual(eager, raw, name + " (no passes)");
        Tensor optimized = Function.Trace(a => [f(a)]).InvokeAll(args)[0];
        // Fusion may apply a chain's vectorized kernels to different block lengths: last-bit differences only.
        TensorAssert.Close(eager, optimized, rtol: 1e-6, atol: 1e-7, context: name + " (all passes)");
    }
}
