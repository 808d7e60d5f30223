using System.Diagnostics;
using System.Globalization;
using Trellis.Saving;
using Trellis.Tests.Architecture;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Saving;

public class FunctionExportTests
{
    /// <summary>A user type the exported graph must not need: a tiny two-layer network with its own variables.</summary>
    private sealed class TinyNet
    {
        public Variable W1 { get; } = new(Tensor.RandomNormal([4, 8], seed: 1), "w1");
        public Variable B1 { get; } = new(Tensor.RandomNormal([8], seed: 2), "b1");
        public Variable W2 { get; } = new(Tensor.RandomNormal([8, 3], seed: 3), "w2");

        public Tensor Forward(Tensor x) =>
            Ops.Softmax(Ops.MatMul(Ops.Tanh(Ops.MatMul(x, W1) + B1), W2) * 2 + Tensor.Constant(new[] { 0.1f, 0.2f, 0.3f }));
    }

    [Fact]
    public void ExportThenLoad_InProcess_SameResultsWithNewVariables()
    {
        var net = new TinyNet();
        var f = Function.Trace(net.Forward);
        using var dir = new ScratchDir();
        FunctionExport.Save(f, dir.Path, new TensorSpec([Shape.Unknown, 4], DType.Float32));
        var loaded = FunctionExport.Load(dir.Path);
        foreach (int batch in new[] { 1, 5 })
        {
            var x = Tensor.RandomNormal([batch, 4], seed: batch);
            TensorAssert.Close(net.Forward(x), loaded.Invoke(x)[0], rtol: 1e-6, atol: 1e-7);
        }
        // The loaded function owns copies: changing the original variables does not change it.
        var before = loaded.Invoke(Tensor.Ones([1, 4]))[0];
        net.W2.Assign(Tensor.Zeros([8, 3]));
        TensorAssert.BitEqual(before, loaded.Invoke(Tensor.Ones([1, 4]))[0]);
    }

    [Fact]
    public void ExportThenLoad_InFreshProcess_WithoutTheUserTypes()
    {
        var net = new TinyNet();
        var f = Function.Trace(net.Forward);
        using var dir = new ScratchDir();
        FunctionExport.Save(f, dir.Path, new TensorSpec([2, 4], DType.Float32));
        var x = Tensor.RandomNormal([2, 4], seed: 9);
        string values = string.Join(",", x.ToArray<float>().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        string output = RunExportRunner(dir.Path, values, "2,4");
        float[] fromProcess = output.Trim().Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        TensorAssert.Close(net.Forward(x), Tensor.Constant(fromProcess, new Shape(2, 3)), rtol: 1e-6, atol: 1e-7);
    }

    [Fact]
    public void Load_TamperedOpType_IsFormatErrorNotCodeExecution()
    {
        var f = Function.Trace((Tensor x) => Ops.Exp(x));
        using var dir = new ScratchDir();
        FunctionExport.Save(f, dir.Path, new TensorSpec([3], DType.Float32));
        string path = Path.Combine(dir.Path, "function.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("Trellis.Operations.ExpOp", "System.IO.FileInfo", StringComparison.Ordinal));
        var ex = Assert.Throws<TrellisFormatException>(() => FunctionExport.Load(dir.Path));
        Assert.Contains("System.IO.FileInfo", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_ManyOpKinds_RoundTrip()
    {
        Tensor Body(Tensor x) => Ops.Sum(Ops.Concat([Ops.Transpose(Ops.Reshape(x, [3, 2])), Ops.Slice(Ops.Reshape(x, [2, 3]), [0, 1], [2, 2]) * 0 + 1], 1), [1])
            + Ops.Max(Ops.LeakyRelu(Ops.Clip(Ops.Reshape(x, [2, 3]), -1, 1), 0.3), 1) + Ops.Cast(Ops.ArgMax(Ops.Reshape(x, [2, 3]), 1), DType.Float32)
            + Ops.Mean(Ops.Gelu(Ops.Reshape(x, [2, 3]), approximate: true), [1]);
        var f = Function.Trace(Body);
        using var dir = new ScratchDir();
        FunctionExport.Save(f, dir.Path, new TensorSpec([6], DType.Float32));
        var x = Tensor.RandomNormal([6], seed: 4);
        TensorAssert.Close(Body(x), FunctionExport.Load(dir.Path).Invoke(x)[0], rtol: 1e-6, atol: 1e-6);
    }

    internal static string RunExportRunner(string dir, string values, string shape)
    {
        string root = DependencyDirectionTests.FindRepositoryRoot();
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string dll = Path.Combine(root, "tools", "ExportRunner", "bin", configuration, "net10.0", "ExportRunner.dll");
        Assert.True(File.Exists(dll), $"ExportRunner is not built at {dll}");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { dll, dir, values, shape })
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "ExportRunner did not finish in 60 s");
        Assert.True(process.ExitCode == 0, $"ExportRunner failed ({process.ExitCode}): {stderr}");
        return stdout;
    }
}
