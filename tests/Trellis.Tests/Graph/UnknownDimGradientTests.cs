using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Graph;

/// <summary>
/// A traced function whose input signature has unknown dimensions computes gradients inside its body: one trace must
/// give the eager gradients for every concrete size, so no gradient rule may bake a trace-time shape (with its -1s)
/// into an attribute.
/// </summary>
public class UnknownDimGradientTests
{
    private const int U = Shape.Unknown;
    private static readonly int[] Batches = [1, 7, 32];

    /// <summary>A per-rule case: the body, the traced signature and the concrete shapes for one batch size.</summary>
    internal sealed record RuleCase(Func<Tensor[], Tensor> F, Shape[] Signature, Func<int, Shape[]> Concrete);

    private static Shape[] WithBatch(Shape[] signature, int batch) =>
        signature.Select(s => new Shape(s.ToArray().Select(d => d == U ? batch : d).ToArray())).ToArray();

    private static RuleCase Batched(Func<Tensor[], Tensor> f, params Shape[] signature) => new(f, signature, b => WithBatch(signature, b));

    internal static readonly Dictionary<string, RuleCase> Cases = new()
    {
        ["SumBatchAxis"] = Batched(a => Ops.Sum(a[0], 0) * 1.5, [U, 4]),
        ["SumLastAxis"] = Batched(a => Ops.Sum(a[0], -1), [U, 4]),
        ["MeanBatchAxis"] = Batched(a => Ops.Mean(a[0], 0), [U, 4]),
        ["MeanAll"] = Batched(a => Ops.Mean(a[0]), [U, 4]),
        ["MeanLastAxisKeepDims"] = Batched(a => Ops.Mean(a[0], -1, keepDims: true) * a[0], [U, 4]),
        ["MeanMiddleAxis"] = Batched(a => Ops.Mean(a[0], 1), [U, 3, 2]),
        ["MaxBatchAxis"] = Batched(a => Ops.Max(a[0], 0), [U, 4]),
        ["ProdBatchAxis"] = Batched(a => Ops.Prod(a[0], [0]), [U, 4]),
        ["LogSumExpLastAxis"] = Batched(a => Ops.LogSumExp(a[0], [-1]), [U, 4]),
        ["AddBroadcast"] = Batched(a => a[0] + a[1], [U, 4], [4]),
        ["MulBroadcast"] = Batched(a => a[0] * a[1], [U, 4], [4]),
        ["SubDivBroadcast"] = Batched(a => (a[1] - a[0]) / (Ops.Square(a[1]) + 1), [U, 4], [4]),
        ["MaximumBroadcastColumn"] = Batched(a => Ops.Maximum(a[0], a[1]), [U, 4], [U, 1]),
        // Both operands are (-1, 4) when traced, but the second is (1, 4) when the graph runs: equal trace-time shapes
        // must not be taken to mean nothing was broadcast.
        ["AddRunTimeBroadcast"] = new(a => a[0] + a[1], [[U, 4], [U, 4]], b => [[b, 4], [1, 4]]),
        ["WhereBroadcast"] = Batched(a => Ops.Where(Ops.Greater(a[0], a[1]), a[0], a[1]), [U, 4], [4]),
        ["ReshapeFlatten"] = Batched(a => Ops.Reshape(a[0], [-1, 6]), [U, 2, 3]),
        ["ReshapeTwoUnknownDims"] = Batched(a => Ops.Reshape(a[0], [-1, 3]), [U, U, 3]),
        ["ExpandDimsSqueeze"] = Batched(a => Ops.Squeeze(Ops.ExpandDims(a[0], 1), [1]) * 2, [U, U]),
        ["BatchedMatMulSharedWeights"] = Batched(a => Ops.MatMul(a[0], a[1]), [U, 2, 3], [3, 4]),
        ["Pad"] = Batched(a => Ops.Pad(a[0], new[] { (1, 2), (0, 1) }), [U, 4]),
        ["Tile"] = Batched(a => Ops.Tile(a[0], [2, 3]), [U, 4]),
        ["ConcatBatchAxis"] = Batched(a => Ops.Concat([a[0], a[1]], 0), [U, 4], [2, 4]),
        ["ConcatBatchAxisMiddle"] = Batched(a => Ops.Concat([a[1], a[0], a[1] * 2], 0), [U, 4], [2, 4]),
        ["ConcatLastAxis"] = Batched(a => Ops.Concat([a[0], a[1]], 1), [U, 4], [U, 2]),
        ["Stack"] = Batched(a => Ops.Stack([a[0], a[1]], 1), [U, 4], [U, 4]),
        ["SliceFeatures"] = Batched(a => Ops.Slice(a[0], [0, 1], [-1, 2]), [U, 4]),
        ["StridedSlice"] = Batched(a => Ops.StridedSlice(a[0], [0, 1], [0, 4], [1, 2], beginMask: 1, endMask: 1), [U, 4]),
        ["Transpose"] = Batched(a => Ops.Transpose(a[0]), [U, 4]),
        ["Softmax"] = Batched(a => Ops.Softmax(a[0]), [U, 4]),
        ["Conv2D"] = Batched(a => Ops.Conv2D(a[0], a[1], padding: "same"), [U, 5, 5, 2], [3, 3, 2, 3]),
        ["MaxPool2D"] = Batched(a => Ops.MaxPool2D(a[0], [2, 2]), [U, 4, 4, 2]),
        ["AvgPool2D"] = Batched(a => Ops.AvgPool2D(a[0], [2, 2]), [U, 4, 4, 2]),
        ["GatherRows"] = Batched(a => Ops.Gather(a[1], Ops.ArgMax(a[0])) * Ops.Sum(a[0], 1, keepDims: true), [U, 4], [5, 3]),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    /// <summary>
    /// The vector-Jacobian product of f for a given upstream gradient (an argument of the traced function), so each case
    /// exercises its own rule and no loss reduction over the unknown axis.
    /// </summary>
    private static Tensor[] Gradients(Func<Tensor[], Tensor> f, Tensor[] args, Tensor upstream)
    {
        using var tape = new GradientTape();
        tape.Watch(args);
        Tensor y = f(args);
        return tape.Gradient(y, args, UnconnectedGradients.Zero, upstream)!;
    }

    /// <summary>The output's shape with -1 where it follows the batch size (probed eagerly at two sizes).</summary>
    private static Shape OutputSignature(RuleCase c)
    {
        int[] two = OutputShape(c, 2).ToArray(), three = OutputShape(c, 3).ToArray();
        return new Shape(two.Select((d, i) => d == three[i] ? d : U).ToArray());
    }

    private static Shape OutputShape(RuleCase c, int batch) => c.F(c.Concrete(batch).Select(s => Tensor.Zeros(s)).ToArray()).Shape;

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void GradientRule_UnknownDims_OneTraceEqualsEagerForEveryBatch(string name)
    {
        var c = Cases[name];
        int n = c.Signature.Length;
        TensorSpec[] signature = [.. c.Signature.Select(s => new TensorSpec(s, DType.Float32)), new TensorSpec(OutputSignature(c), DType.Float32)];
        var raw = Function.Trace(a => Gradients(c.F, a[..n], a[n]), signature, options: GraphOptions.None);
        var optimized = Function.Trace(a => Gradients(c.F, a[..n], a[n]), signature);
        foreach (int batch in Batches)
        {
            var args = c.Concrete(batch).Select((s, i) => Tensor.RandomNormal(s, seed: 100 * batch + i)).ToArray();
            var upstream = Tensor.RandomUniform(OutputShape(c, batch), 0.5, 1.5, seed: batch);
            Tensor[] eager = Gradients(c.F, args, upstream);
            Tensor[] traced = raw.InvokeAll([.. args, upstream]);
            Tensor[] passes = optimized.InvokeAll([.. args, upstream]);
            for (int k = 0; k < n; k++)
            {
                Assert.Equal(args[k].Shape, traced[k].Shape);
                TensorAssert.Close(eager[k], traced[k], rtol: 1e-6, atol: 1e-6, context: $"{name}, batch {batch}: d/d(argument {k}) (no passes)");
                TensorAssert.Close(eager[k], passes[k], rtol: 1e-5, atol: 1e-6, context: $"{name}, batch {batch}: d/d(argument {k}) (all passes)");
            }
        }
        Assert.Equal(1, raw.TraceCount);
        Assert.Equal(1, optimized.TraceCount);
    }

    [Fact]
    public void ConcatGradient_TwoUnknownSizesOnTheAxis_ClearErrorWhenTraced()
    {
        TensorSpec[] signature = [new([U, 4], DType.Float32), new([U, 4], DType.Float32), new([U, 4], DType.Float32)];
        var f = Function.Trace(a => Gradients(x => Ops.Concat([x[0], x[1]], 0), a[..2], a[2]), signature);
        var e = Assert.Throws<NotSupportedException>(() => f.InvokeAll(Tensor.Ones([2, 4]), Tensor.Ones([3, 4]), Tensor.Ones([5, 4])));
        Assert.Contains("Concat gradient", e.Message, StringComparison.Ordinal);
        Assert.Contains("known size", e.Message, StringComparison.Ordinal);
    }
}
