using Trellis.Cli;
using Trellis.Interop.Safetensors;
using Trellis.Reporting;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Cli;

public class DiffCommandTests
{
    private static void Save(string path, Dictionary<string, Tensor> tensors) => SafetensorsWriter.Save(path, tensors);

    [Fact]
    public void Diff_EveryStatus_ReportedWithDifferences()
    {
        using var dir = new ScratchDir();
        string a = dir.File("a.safetensors"), b = dir.File("b.safetensors");
        Save(a, new()
        {
            ["same"] = Tensor.Constant(new[] { 1f, 2f }, [2]),
            ["changed"] = Tensor.Constant(new[] { 1f, 4f }, [2]),
            ["reshaped"] = Tensor.Constant(new[] { 1f, 2f }, [2]),
            ["retyped"] = Tensor.Constant(new[] { 1, 2 }, [2]),
            ["gone"] = Tensor.Constant(1f),
        });
        Save(b, new()
        {
            ["same"] = Tensor.Constant(new[] { 1f, 2f }, [2]),
            ["changed"] = Tensor.Constant(new[] { 1.5f, 4f }, [2]),
            ["reshaped"] = Tensor.Constant(new[] { 1f, 2f }, [1, 2]),
            ["retyped"] = Tensor.Constant(new[] { 1L, 2L }, [2]),
            ["new"] = Tensor.Constant(1f),
        });

        var entries = WeightsDiff.Compare(WeightsFile.Open(a), WeightsFile.Open(b)).ToDictionary(e => e.Key);
        Assert.Equal(WeightDiffStatus.Same, entries["same"].Status);
        Assert.Equal(WeightDiffStatus.Changed, entries["changed"].Status);
        Assert.Equal(0.5, entries["changed"].MaxAbsDiff);
        Assert.Equal(0.5 / 1.5, entries["changed"].MaxRelDiff, 15);
        Assert.Equal(WeightDiffStatus.ShapeChanged, entries["reshaped"].Status);
        Assert.Equal(WeightDiffStatus.DTypeChanged, entries["retyped"].Status);
        Assert.Equal(WeightDiffStatus.OnlyInA, entries["gone"].Status);
        Assert.Equal(WeightDiffStatus.OnlyInB, entries["new"].Status);

        var result = CliRunner.Run("diff", a, b);
        Assert.Equal(TrellisCli.Different, result.ExitCode);
        Assert.Contains("only in A", result.Out, StringComparison.Ordinal);
        Assert.Contains("only in B", result.Out, StringComparison.Ordinal);
        Assert.Contains("shape changed", result.Out, StringComparison.Ordinal);
        Assert.Contains("0.333333", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("│ same ", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 same", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_FixtureWithItself_AllSameExitZero()
    {
        string path = TestSupport.Fixtures.Path("tensorflow_net", "lstm_from_sequential");
        var result = CliRunner.Run("diff", path, path);
        Assert.Equal(TrellisCli.Success, result.ExitCode);
        Assert.DoesNotContain("changed", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_HalfPlusTwoAgainstHalfPlusThree_ReportsBChangedByOne()
    {
        var result = WeightsDiff.Compare(
            WeightsFile.Open(TestSupport.Fixtures.Path("tensorflow_serving", "saved_model_half_plus_two_cpu", "00000123")),
            WeightsFile.Open(TestSupport.Fixtures.Path("tensorflow_serving", "saved_model_half_plus_three", "00000123"))).ToDictionary(e => e.Key);
        Assert.Equal(WeightDiffStatus.Same, result["a"].Status);
        Assert.Equal(WeightDiffStatus.Changed, result["b"].Status);
        Assert.Equal(1.0, result["b"].MaxAbsDiff);
        Assert.Equal(WeightDiffStatus.OnlyInA, result["a2"].Status);
    }
}
