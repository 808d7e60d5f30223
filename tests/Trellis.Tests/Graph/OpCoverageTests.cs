using Trellis.Graph.Ir;
using Trellis.Operations;
using Trellis.Tests.Operations;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Graph;

/// <summary>
/// Every op type of the library runs traced with the same result as eager, forward and in a traced backward pass; a
/// new op type without a traced case fails <see cref="EveryOpType_IsCoveredByATracedCase"/>.
/// </summary>
public class OpCoverageTests
{
    /// <summary>Op families not in <see cref="TracedEqualsEagerTests.Cases"/> or the element-wise tables.</summary>
    internal static readonly Dictionary<string, (Func<Tensor[], Tensor> F, Shape[] Shapes)> ExtraCases = new()
    {
        ["Conv2DSame"] = (a => Ops.Conv2D(a[0], a[1], strides: [1, 2], padding: "same"), [[2, 6, 7, 3], [3, 2, 3, 4]]),
        ["Conv2DDilatedGroups"] = (a => Ops.Conv2D(a[0], a[1], dilations: [2, 1], groups: 2), [[1, 7, 6, 4], [2, 3, 2, 6]]),
        ["Conv1D"] = (a => Ops.Conv1D(a[0], a[1], stride: 2, padding: "same"), [[2, 9, 3], [3, 3, 5]]),
        ["Conv2DTranspose"] = (a => Ops.Conv2DTranspose(a[0], a[1], strides: [2, 2], padding: "same"), [[1, 3, 4, 2], [3, 3, 5, 2]]),
        ["DepthwiseConv2D"] = (a => Ops.DepthwiseConv2D(a[0], a[1]), [[2, 5, 5, 3], [3, 3, 3, 2]]),
        ["MaxPool2D"] = (a => Ops.MaxPool2D(a[0], [2, 2], padding: "same"), [[2, 5, 6, 3]]),
        ["AvgPool2D"] = (a => Ops.AvgPool2D(a[0], [3, 2], strides: [1, 2]), [[2, 5, 6, 3]]),
        ["AvgPool2DPadded"] = (a => Ops.AvgPool2D(a[0], [3, 3], (1, 1, 1, 1), countIncludePad: true), [[1, 4, 4, 2]]),
        ["MaxPool1D"] = (a => Ops.MaxPool1D(a[0], 2), [[2, 8, 3]]),
        ["UnsortedSegmentSum"] = (a => Ops.UnsortedSegmentSum(a[0], Tensor.Constant(new[] { 2, 0, 2, 1 }), 4), [[4, 3]]),
        ["Comparisons"] = (a => Ops.Cast(Ops.LogicalOr(Ops.LogicalAnd(Ops.Equal(Ops.Round(a[0]), Ops.Round(a[1])), Ops.NotEqual(a[0], a[1])),
            Ops.LogicalXor(Ops.LessEqual(a[0], a[1]), Ops.LogicalNot(Ops.GreaterEqual(a[0], a[1])))), DType.Float32) * a[0], [[3, 4], [3, 4]]),
        ["FillLike"] = (a => a[0] * Ops.FullLike(a[0], 2.5) + Ops.OnesLike(a[0]) - Ops.ZerosLike(a[0]), [[3, 4]]),
        ["IdentityStopGradient"] = (a => Ops.Identity(a[0]) * Ops.StopGradient(a[0]), [[3, 4]]),
        ["PowScalar"] = (a => Ops.Pow(Ops.Abs(a[0]) + 0.5, 1.7), [[3, 4]]),
        ["SumToShape"] = (a => Ops.SumToShape(a[0], [1, 4]), [[3, 4]]),
        ["RandomUniformAt"] = (a => a[0] * OpDispatcher.Run(new RandomUniformAtOp([3, 4], DType.Float32), Tensor.Constant(new long[] { 7, 5 })), [[3, 4]]),
        // The shape-polymorphic ops gradient rules use for unknown dimensions (UnknownDimGradientTests), run directly.
        ["BroadcastLike"] = (a => OpDispatcher.Run(BroadcastLikeOp.Instance, a[1], a[0]) * a[0], [[3, 4], [4]]),
        ["SumToShapeOf"] = (a => OpDispatcher.Run(SumToShapeOfOp.Instance, a[0], a[1]) * a[1], [[3, 4], [1, 4]]),
        ["ReshapeLike"] = (a => OpDispatcher.Run(ReshapeLikeOp.Instance, a[0], a[1]) * a[1], [[3, 4], [2, 6]]),
        ["Size"] = (a => a[0] * OpDispatcher.Run(new SizeOp(DType.Float32), a[1]), [[3, 4], [2, 5]]),
        ["SoftmaxCrossEntropy"] = (a => Ops.SoftmaxCrossEntropyWithLogits(Ops.Softmax(a[1]), a[0]), [[3, 4], [3, 4]]),
        ["CondAndWhile"] = (a => Ops.Cond(Ops.Greater(Ops.Sum(a[0]), Ops.Sum(a[1])), () => Ops.Tanh(a[0] * a[1]), () => a[0] - a[1])
            + Ops.WhileLoop(v => Ops.Less(v[1], Tensor.Scalar(3f)), v => [Ops.Sin(v[0]) * a[1] + 0.5, v[1] + 1], [a[0], Tensor.Scalar(0f)])[0], [[3, 4], [3, 4]]),
    };

    /// <summary>Every case: the shared table, the element-wise tables and the extra families above.</summary>
    internal static Dictionary<string, (Func<Tensor[], Tensor> F, Shape[] Shapes)> AllCases()
    {
        var all = new Dictionary<string, (Func<Tensor[], Tensor> F, Shape[] Shapes)>(TracedEqualsEagerTests.Cases);
        foreach (var (name, f) in ElementwiseFastPathTests.UnaryOps)
        {
            all["unary " + name] = (a => f(a[0]), [[5, 7]]);
        }
        foreach (var (name, f) in ElementwiseFastPathTests.BinaryOps)
        {
            all["binary " + name] = (a => f(a[0], a[1]), [[4, 1, 3], [5, 3]]);
        }
        foreach (var (name, c) in ExtraCases)
        {
            all[name] = c;
        }
        return all;
    }

    public static TheoryData<string> ExtraNames => new(ExtraCases.Keys);

    /// <summary>The cases with a floating output (something to differentiate).</summary>
    public static TheoryData<string> DifferentiableNames => new(AllCases().Where(c => c.Value.F(Arguments(c.Value.Shapes)).DType.IsFloating()).Select(c => c.Key));

    internal static Tensor[] Arguments(Shape[] shapes) => shapes.Select((s, i) => Tensor.RandomNormal(s, seed: 20 + i)).ToArray();

    [Theory]
    [MemberData(nameof(ExtraNames))]
    public void ExtraOp_Traced_EqualsEager(string name)
    {
        var (f, shapes) = ExtraCases[name];
        var args = Arguments(shapes);
        Tensor eager = f(args);
        TensorAssert.BitEqual(eager, Function.Trace(a => [f(a)], options: GraphOptions.None).InvokeAll(args)[0], name + " (no passes)");
        TensorAssert.Close(eager, Function.Trace(a => [f(a)]).InvokeAll(args)[0], rtol: 1e-6, atol: 1e-7, context: name + " (all passes)");
    }

    /// <summary>L = Σ f(args)·r for a fixed r, and dL/d(every argument) from a tape.</summary>
    private static Tensor[] LossGradients(Func<Tensor[], Tensor> f, Tensor[] args, Tensor weights)
    {
        using var tape = new GradientTape();
        tape.Watch(args);
        Tensor loss = Ops.Sum(f(args) * weights);
        return tape.Gradient(loss, args, UnconnectedGradients.Zero)!;
    }

    [Theory]
    [MemberData(nameof(DifferentiableNames))]
    public void Op_GradientTracedInsideFunction_EqualsEager(string name)
    {
        var (f, shapes) = AllCases()[name];
        var args = Arguments(shapes);
        Tensor probe = f(args);
        var weights = Tensor.RandomUniform(probe.Shape, 0.5, 1.5, seed: 7, dtype: probe.DType);
        Tensor[] eager = LossGradients(f, args, weights);
        Tensor[] raw = Function.Trace(a => LossGradients(f, a, weights), options: GraphOptions.None).InvokeAll(args);
        Tensor[] optimized = Function.Trace(a => LossGradients(f, a, weights)).InvokeAll(args);
        for (int k = 0; k < args.Length; k++)
        {
            TensorAssert.BitEqual(eager[k], raw[k], $"{name}: d/d(argument {k}) (no passes)");
            TensorAssert.Close(eager[k], optimized[k], rtol: 1e-6, atol: 1e-6, context: $"{name}: d/d(argument {k}) (all passes)");
        }
    }

    /// <summary>Op types exercised elsewhere: graph-internal ops with their own tests, and the fusion passes' products.</summary>
    private static readonly HashSet<string> CoveredElsewhere =
    [
        "AssignVariableOp",   // AssignVariableTests
        "ApplyAdamOp",        // FusedAdamTests.AdamStep_Traced_EqualsEager (a side effect on optimizer variables)
        "FusedDenseOp",       // MatMulBiasActivationFusionTests
        "FusedElementwiseOp", // PassTests
    ];

    [Fact]
    public void EveryOpType_IsCoveredByATracedCase()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, (f, shapes)) in AllCases())
        {
            var args = Arguments(shapes);
            var specs = args.Select(a => new TensorSpec(a.Shape, a.DType)).ToArray();
            Tensor probe = f(args);
            var forward = Function.Trace(a => [f(a)], options: GraphOptions.None).GetConcreteFunction(specs).Graph;
            Collect(forward, seen);
            if (probe.DType.IsFloating())
            {
                var weights = Tensor.Ones(probe.Shape, probe.DType);
                Collect(Function.Trace(a => LossGradients(f, a, weights), options: GraphOptions.None).GetConcreteFunction(specs).Graph, seen);
            }
        }
        var all = typeof(Tensor).Assembly.GetTypes()
            .Where(t => typeof(Op).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(Key)
            .Distinct()
            .ToList();
        var missing = all.Where(t => !seen.Contains(t) && !CoveredElsewhere.Contains(t)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Op types with no traced-equals-eager case (add one to TracedEqualsEagerTests.Cases or OpCoverageTests.ExtraCases): " + string.Join(", ", missing));
    }

    private static void Collect(FunctionGraph graph, HashSet<string> seen)
    {
        foreach (var node in graph.Nodes)
        {
            if (node.Op is { } op)
            {
                seen.Add(Key(op.GetType()));
            }
        }
    }

    private static string Key(Type t) => (t.IsGenericType ? t.GetGenericTypeDefinition() : t).Name.Split('`')[0];
}
