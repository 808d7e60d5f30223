using Trellis.Checkpoints;
using Trellis.Cli;
using Trellis.Interop.Safetensors;
using Trellis.Reporting;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Cli;

public class ConvertCommandTests
{
    [Theory]
    [InlineData("tensorflow_net/lstm_from_sequential")]
    [InlineData("tensorflow_net/python_func_model")]
    [InlineData("tfjs_node_saved_models/int64_multiply")]
    [InlineData("tensorflow_serving/saved_model_half_plus_two_mkl/00000123")]
    public void Convert_CheckpointToSafetensorsAndBack_KeepsKeysValuesAndObjectGraph(string relative)
    {
        using var dir = new ScratchDir();
        string source = TestSupport.Fixtures.Path(relative.Split('/'));
        string st = dir.File("w.safetensors");
        string back = dir.File("back/ckpt-1");

        Assert.Equal(TrellisCli.Success, CliRunner.Run("convert", source, st).ExitCode);
        Assert.Equal(TrellisCli.Success, CliRunner.Run("convert", st, back).ExitCode);

        var original = CheckpointReader.Open(source);
        var safetensors = SafetensorsFile.Open(st);
        var roundTrip = CheckpointReader.Open(back);
        Assert.Equal(original.ListVariables(), roundTrip.ListVariables());
        foreach (var v in original.ListVariables())
        {
            Assert.Equal(original.GetTensor(v.Key).ToBytes(), safetensors.GetTensor(v.Key).ToBytes());
            Assert.Equal(original.GetTensor(v.Key).ToBytes(), roundTrip.GetTensor(v.Key).ToBytes());
        }
        Assert.Equal(original.ObjectGraph is null, !safetensors.Metadata.ContainsKey(SafetensorsConverter.ObjectGraphMetadataKey));
        Assert.Equal(original.ObjectGraph, roundTrip.ObjectGraph);
        Assert.Equal(TrellisCli.Success, CliRunner.Run("diff", source, back).ExitCode);
    }

    [Fact]
    public void Convert_SafetensorsSamples_WidensIntegerTypesIntoCheckpoint()
    {
        using var dir = new ScratchDir();
        string prefix = dir.File("ckpt");
        var result = CliRunner.Run("convert", TestSupport.Fixtures.Path("safetensors_samples", "overall.safetensors"), prefix);
        Assert.Equal(TrellisCli.Success, result.ExitCode);
        var reader = CheckpointReader.Open(prefix);
        Assert.Equal([-3, -2, -1, 0, 1, 2], reader.GetTensor("b").ToArray<int>());
        Assert.Equal([4294967293L, 4294967294, 4294967295, 0, 1, 2], reader.GetTensor("I").ToArray<long>());
        Assert.Equal(9, reader.ListVariables().Count);
        Assert.Null(reader.ObjectGraph);
        Assert.Empty(WeightsFile.Open(prefix).ObjectGraph ?? []);
    }

    [Fact]
    public void Convert_NeitherSideSafetensors_Fails()
    {
        var result = CliRunner.Run("convert", "a", "b");
        Assert.Equal(TrellisCli.Failure, result.ExitCode);
        Assert.Contains(".safetensors", result.Error, StringComparison.Ordinal);
    }
}
