using System.Globalization;
using Trellis.Saving;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Saving;

/// <summary>Exported functions with Ops.Cond and Ops.WhileLoop load back as callables that need none of the C# lambdas.</summary>
public class ControlFlowExportTests
{
    /// <summary>A user type the export must not need: a variable read inside a branch and inside a loop body.</summary>
    private sealed class Damped
    {
        public Variable W { get; } = new(Tensor.Constant(new[] { 0.5f, -1.25f, 2f }), "w");

        public Tensor Forward(Tensor x)
        {
            var branch = Ops.Cond(Ops.Greater(Ops.Sum(x), Tensor.Scalar(0f)), () => Ops.Tanh(x * W), () => -Ops.Square(x));
            // Halve until the largest magnitude is below 1 (a data-dependent trip count), counting the steps.
            var loop = Ops.WhileLoop(
                v => Ops.Greater(Ops.Max(Ops.Abs(v[0])), Tensor.Scalar(1f)),
                v => [v[0] * 0.5 + W * 0.01, v[1] + 1],
                [x, Tensor.Scalar(0f)]);
            return branch + loop[0] * loop[1];
        }
    }

    private static readonly float[][] Inputs = [[0.3f, 0.2f, 0.1f], [-4f, 9f, 1f], [-0.5f, -7f, -2f], [30f, -40f, 0f]];

    [Fact]
    public void CondAndWhile_ExportThenLoad_InProcess_SameResults()
    {
        var net = new Damped();
        var f = Function.Trace(net.Forward);
        using var dir = new ScratchDir();
        FunctionExport.Save(f, dir.Path, new TensorSpec([3], DType.Float32));
        var loaded = FunctionExport.Load(dir.Path);
        Assert.Contains("While", loaded.ToString(), StringComparison.Ordinal);
        Assert.Contains("Cond", loaded.ToString(), StringComparison.Ordinal);
        foreach (var values in Inputs)
        {
            var x = Tensor.Constant(values);
            TensorAssert.BitEqual(net.Forward(x), loaded.Invoke(x)[0], string.Join(",", values));
        }
    }

    [Fact]
    public void CondAndWhile_ExportThenLoad_InFreshProcess_WithoutTheUserTypes()
    {
        var net = new Damped();
        using var dir = new ScratchDir();
        FunctionExport.Save(Function.Trace(net.Forward), dir.Path, new TensorSpec([3], DType.Float32));
        foreach (var values in new[] { Inputs[1], Inputs[2] })
        {
            string text = string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            string output = FunctionExportTests.RunExportRunner(dir.Path, text, "3");
            float[] fromProcess = output.Trim().Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            TensorAssert.BitEqual(net.Forward(Tensor.Constant(values)), Tensor.Constant(fromProcess), text);
        }
    }

    [Fact]
    public void GradientThroughLoop_ExportThenLoad_SameGradients()
    {
        var w = new Variable(Tensor.Constant(new[] { 0.7, -0.2 }), "w");
        Tensor Gradient(Tensor x)
        {
            using var tape = new GradientTape();
            var r = Ops.WhileLoop(v => Ops.Less(v[1], Tensor.Scalar(3.0, DType.Float64)), v => [Ops.Sin(v[0] * w), v[1] + 1], [x, Tensor.Scalar(0.0, DType.Float64)]);
            return tape.Gradient(Ops.Sum(r[0]), w)!;
        }
        using var dir = new ScratchDir();
        FunctionExport.Save(Function.Trace(Gradient), dir.Path, new TensorSpec([4, 2], DType.Float64));
        var loaded = FunctionExport.Load(dir.Path);
        Assert.Contains("WhileGradient", loaded.ToString(), StringComparison.Ordinal);
        foreach (int seed in new[] { 1, 2 })
        {
            var x = Tensor.RandomNormal([4, 2], seed: seed, dtype: DType.Float64);
            TensorAssert.BitEqual(Gradient(x), loaded.Invoke(x)[0], $"seed {seed}");
        }
    }

    [Fact]
    public void NestedCondInsideLoop_ExportThenLoad_SameResults()
    {
        Tensor Collatz(Tensor n) => Ops.WhileLoop(
            v => Ops.Greater(v[0], Tensor.Scalar(1.0, DType.Float64)),
            v => [Ops.Cond(Ops.Equal(v[0] - Ops.Floor(v[0] / 2) * 2, Tensor.Scalar(0.0, DType.Float64)), () => v[0] / 2, () => v[0] * 3 + 1), v[1] + 1],
            [n, Tensor.Scalar(0.0, DType.Float64)])[1];
        using var dir = new ScratchDir();
        FunctionExport.Save(Function.Trace(Collatz), dir.Path, new TensorSpec([], DType.Float64));
        var loaded = FunctionExport.Load(dir.Path);
        Assert.Equal(111.0, loaded.Invoke(Tensor.Scalar(27.0, DType.Float64))[0].Item<double>()); // 27 takes 111 steps to reach 1
        Assert.Equal(Collatz(Tensor.Scalar(97.0, DType.Float64)).Item<double>(), loaded.Invoke(Tensor.Scalar(97.0, DType.Float64))[0].Item<double>());
    }
}
