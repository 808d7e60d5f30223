namespace Trellis.Tests.Graph;

/// <summary>The readable graph dump (<see cref="ConcreteFunction.ToString"/>).</summary>
public class GraphDumpTests
{
    [Fact]
    public void Dump_ArgumentsConstantsCapturesOpsAndOutputs()
    {
        var w = new Variable(Tensor.Constant(new[] { 1f, 2f, 3f }), "kernel");
        var f = Function.Trace((Tensor x) => Ops.Relu(x * w + 0.5), options: GraphOptions.None);
        string dump = f.GetConcreteFunction(new TensorSpec([3], DType.Float32)).ToString();
        string[] lines = dump.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal("graph(float32(3,)) {", lines[0]);
        Assert.Contains("%0 = arg0 : float32(3,)", lines);
        Assert.Contains("%1 = capture 'kernel' : float32(3,)", lines);
        Assert.Contains("%2 = Mul(%0, %1) : float32(3,)", lines);
        Assert.Contains(lines, l => l.StartsWith("%3 = const 0.5", StringComparison.Ordinal));
        Assert.Contains("%5 = Relu(%4) : float32(3,)", lines);
        Assert.Equal("return %5", lines[^2]);
        Assert.Equal("}", lines[^1]);
    }

    [Fact]
    public void Dump_ControlFlow_ListsBranchesAndLoopBodyUnderTheirOp()
    {
        var w = new Variable(Tensor.Constant(new[] { 1f, 2f, 3f }), "w");
        var f = Function.Trace((Tensor x) =>
        {
            var c = Ops.Cond(Ops.Greater(Ops.Sum(x), Tensor.Scalar(0f)), () => x * w, () => -x);
            return Ops.WhileLoop(v => Ops.Less(Ops.Sum(v[0]), Tensor.Scalar(10f)), v => [v[0] + 1], [c], maximumIterations: 50)[0];
        }, options: GraphOptions.None);
        string dump = f.GetConcreteFunction(new TensorSpec([3], DType.Float32)).ToString();
        Assert.Contains("then: graph(float32(3,), float32(3,)) {", dump, StringComparison.Ordinal); // x and w become branch inputs
        Assert.Contains("else: graph(float32(3,)) {", dump, StringComparison.Ordinal);
        Assert.Contains("cond: graph(float32(3,)) {", dump, StringComparison.Ordinal);
        Assert.Contains("body: graph(float32(3,)) {", dump, StringComparison.Ordinal);
        Assert.Contains("While[maximumIterations=50]", dump, StringComparison.Ordinal);
        Assert.Contains("LoopResult[index=0]", dump, StringComparison.Ordinal);
        Assert.Contains("capture 'w'", dump, StringComparison.Ordinal);
        // Subgraph lines are indented deeper than the op they belong to.
        var negate = dump.Split('\n').Single(l => l.Contains("Neg", StringComparison.Ordinal));
        Assert.StartsWith("      %", negate, StringComparison.Ordinal);
    }
}
