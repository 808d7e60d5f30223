using System.Text.Json;
using Trellis.Cli;
using Trellis.Interop.Safetensors;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Cli;

/// <summary>inspect and convert on whole-model archives (Model.Save).</summary>
public class ModelArchiveCommandTests
{
    private static Sequential SavedModel(string path)
    {
        var model = new Sequential(new Dense(5, activation: "relu", inputShape: [3]), new Dense(2));
        model.Compile(optimizer: "adam", loss: "mse");
        model.Fit(Tensor.RandomNormal([8, 3], seed: 1), Tensor.RandomNormal([8, 2], seed: 2), epochs: 1, batchSize: 4, verbose: 0, seed: 1);
        model.Save(path);
        return model;
    }

    [Fact]
    public void InspectJson_ModelArchive_ListsWeightsAndObjectGraph()
    {
        using var dir = new ScratchDir();
        string path = dir.File("m.trellis");
        SavedModel(path);
        var result = CliRunner.Run("inspect", path, "--json");
        Assert.True(result.ExitCode == TrellisCli.Success, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("model-archive", json.RootElement.GetProperty("format").GetString());
        var keys = json.RootElement.GetProperty("variables").EnumerateArray().Select(v => v.GetProperty("key").GetString()).ToList();
        Assert.Contains("model/layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE", keys);
        Assert.NotEqual(JsonValueKind.Null, json.RootElement.GetProperty("object_graph").ValueKind);
    }

    [Fact]
    public void Convert_ModelArchiveToSafetensors_HoldsTheModelsWeights()
    {
        using var dir = new ScratchDir();
        string path = dir.File("m.trellis"), st = dir.File("m.safetensors");
        var model = SavedModel(path);
        var result = CliRunner.Run("convert", path, st);
        Assert.True(result.ExitCode == TrellisCli.Success, result.Error);
        var file = SafetensorsFile.Open(st);
        Tensor[] weights = model.GetWeights();
        Assert.Equal(weights[0].ToBytes(), file.GetTensor("model/layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE").ToBytes());
        Assert.Equal(weights[3].ToBytes(), file.GetTensor("model/layer_with_weights-1/bias/.ATTRIBUTES/VARIABLE_VALUE").ToBytes());
        Assert.True(file.Metadata.ContainsKey(SafetensorsConverter.ObjectGraphMetadataKey));
        Assert.Equal(TrellisCli.Success, CliRunner.Run("diff", path, st).ExitCode);
    }

    [Fact]
    public void Inspect_ZipWithoutWeights_FailsWithFormatMessage()
    {
        using var dir = new ScratchDir();
        string path = dir.File("other.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            zip.CreateEntry("readme.txt");
        }
        var result = CliRunner.Run("inspect", path);
        Assert.Equal(TrellisCli.Failure, result.ExitCode);
        Assert.Contains("model.weights.index", result.Error, StringComparison.Ordinal);
    }
}
