using System.IO.Compression;
using System.Text;
using Trellis.Checkpoints;
using Trellis.Layers;
using Trellis.Layers.Merging;
using Trellis.Models;
using Trellis.Optimizers;
using Trellis.Saving;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Saving;

public sealed class FunctionalRoundTripTests
{
    private static readonly Tensor s_a = Tensor.RandomNormal([6, 4], seed: 21);
    private static readonly Tensor s_b = Tensor.RandomNormal([6, 3], seed: 22);

    /// <summary>Two inputs, a layer shared by both, a nested Sequential and a nested Functional, two outputs.</summary>
    private static Functional BuildGraph()
    {
        var innerIn = Functional.Input([9], name: "inner_in");
        var inner = new Functional(innerIn, new Dense(2, activation: "tanh", name: "inner_dense").Apply(innerIn), name: "inner_model");
        var block = new Sequential([new Dense(5, activation: "relu", name: "block_dense"), new Dropout(0.1, seed: 3, name: "block_drop")], "block");

        var a = Functional.Input([4], name: "a");
        var b = Functional.Input([3], name: "b");
        var projectB = new Dense(4, name: "project_b").Apply(b);
        var shared = new Dense(5, activation: "relu", name: "shared");
        var merged = new Add(name: "merge").Apply([shared.Apply(a), shared.Apply(projectB)]);
        var features = block.Apply(merged);
        var score = new Dense(1, name: "score").Apply(features);
        var label = inner.Apply(new Concatenate(name: "concat").Apply([features, a]));
        return new Functional([a, b], [score, new Activation("softmax", name: "label").Apply(new Dense(3, name: "logits").Apply(label))], name: "graph");
    }

    [Fact]
    public void SaveLoad_SharedLayersMultiInputOutputNestedModels_ConfigWeightsAndPredictionsEqual()
    {
        var model = BuildGraph();

        var loaded = Assert.IsType<Functional>(SavingTestSupport.RoundTrip(model));

        Assert.Equal(SavingTestSupport.ConfigJsonOf(model), SavingTestSupport.ConfigJsonOf(loaded));
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        var expected = model.Apply([s_a, s_b]);
        var actual = loaded.Apply([s_a, s_b]);
        Assert.Equal(2, actual.Count);
        TensorAssert.BitEqual(expected[0], actual[0]);
        TensorAssert.BitEqual(expected[1], actual[1]);
        Assert.Equal(model.Layers.Select(l => l.Name), loaded.Layers.Select(l => l.Name));
        var shared = loaded.Layers.Single(l => l.Name == "shared");
        Assert.Equal(2, shared.InboundNodes.Count);
        Assert.Equal(model.Variables.Count, loaded.Variables.Count);
        Assert.Equal(["score", "label"], loaded.OutputNames);
    }

    [Fact]
    public void Config_KerasThreeFunctionalLayout()
    {
        var model = BuildGraph();

        var config = (Dictionary<string, object?>)SerializableRegistry.SerializeLayer(model)["config"]!;
        string json = ConfigJson.SerializeToString(config);

        Assert.Equal("Functional", SerializableRegistry.SerializeLayer(model)["class_name"]);
        Assert.Equal("""[["a",0,0],["b",0,0]]""", ConfigJson.SerializeToString(config["input_layers"]));
        Assert.Equal("""[["score",0,0],["label",0,0]]""", ConfigJson.SerializeToString(config["output_layers"]));
        var layers = ((List<object?>)config["layers"]!).Cast<Dictionary<string, object?>>().ToList();
        var shared = layers.Single(l => (string)l["name"]! == "shared");
        var nodes = (List<object?>)shared["inbound_nodes"]!;
        Assert.Equal(2, nodes.Count);
        Assert.Equal(
            """{"args":[{"class_name":"__keras_tensor__","config":{"shape":[null,4],"dtype":"float32","keras_history":["project_b",0,0]}}],"kwargs":{}}""",
            ConfigJson.SerializeToString(nodes[1]));
        var merge = layers.Single(l => (string)l["name"]! == "merge");
        Assert.Contains("""[[{"class_name":"__keras_tensor__","config":{"shape":[null,5],"dtype":"float32","keras_history":["shared",0,0]}},{"class_name":"__keras_tensor__","config":{"shape":[null,5],"dtype":"float32","keras_history":["shared",1,0]}}]]""",
            ConfigJson.SerializeToString(merge["inbound_nodes"]), StringComparison.Ordinal);
        Assert.Empty((List<object?>)layers.Single(l => (string)l["name"]! == "a")["inbound_nodes"]!);
        Assert.Contains("\"class_name\":\"Sequential\"", json, StringComparison.Ordinal);
        Assert.Contains("\"class_name\":\"Functional\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_LayerAlsoCalledOutsideTheModel_NodeIndicesCountOnlyTheModelsCalls()
    {
        var shared = new Dense(2, name: "reused");
        var elsewhere = Functional.Input([3]);
        shared.Apply(elsewhere); // call 0 belongs to no saved model
        var x = Functional.Input([3], name: "x");
        var model = new Functional(x, new Activation("relu", name: "act").Apply(shared.Apply(x)), name: "m");

        var loaded = (Functional)SavingTestSupport.RoundTrip(model);

        string json = SavingTestSupport.ConfigJsonOf(model);
        Assert.Contains("\"keras_history\":[\"reused\",0,0]", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"keras_history\":[\"reused\",1,0]", json, StringComparison.Ordinal);
        TensorAssert.BitEqual(model.Apply(s_b), loaded.Apply(s_b));
    }

    [Fact]
    public void SaveLoad_CompiledAndTrained_ContinuesIdentically()
    {
        var x = Functional.Input([4], name: "features");
        var hidden = new Dropout(0.3, seed: 4).Apply(new Dense(6, activation: "relu").Apply(x));
        var nested = new Sequential([new Dense(3, activation: "tanh", inputShape: [6]), new Dense(2)], "head");
        var model = new Functional(x, nested.Apply(hidden), name: "trained");
        var y = Tensor.RandomNormal([6, 2], seed: 5);
        model.Compile(new Adam(0.01), "mse", ["mae"]);
        model.Fit(s_a, y, epochs: 1, batchSize: 3, verbose: 0, seed: 1);

        var loaded = SavingTestSupport.RoundTrip(model);

        Assert.Equal(SavingTestSupport.ConfigJsonOf(model), SavingTestSupport.ConfigJsonOf(loaded));
        TensorAssert.BitEqual(model.Predict(s_a), loaded.Predict(s_a));
        model.Fit(s_a, y, epochs: 1, batchSize: 3, verbose: 0, seed: 2);
        loaded.Fit(s_a, y, epochs: 1, batchSize: 3, verbose: 0, seed: 2);
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        SavingTestSupport.AssertOptimizerStateBitEqual(model, loaded);
    }

    [Fact]
    public void Load_NodeReadsUnknownLayer_FormatExceptionNamesLayer()
    {
        var x = Functional.Input([3], name: "x");
        var model = new Functional(x, new Dense(2, name: "out").Apply(x), name: "m");
        byte[] archive = SavingTestSupport.SaveToBytes(model);
        byte[] edited = EditConfig(archive, json => json.Replace("\"keras_history\":[\"x\",0,0]", "\"keras_history\":[\"ghost\",0,0]", StringComparison.Ordinal));

        var e = Assert.Throws<TrellisFormatException>(() => ModelArchive.Load(edited, "edited.trellis"));

        Assert.Contains("'out'", e.Message, StringComparison.Ordinal);
        Assert.Contains("inbound_nodes[0]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveLoad_AttentionAndMultiHeadAttentionCalls_ConfigWeightsAndPredictionsEqual()
    {
        // The shape of tf.keras's keras-attention example: Input -> Dense -> Attention -> Concatenate -> Dense, plus MHA.
        var x = Functional.Input([-1, 4], name: "tokens");
        var q = new Dense(4, name: "query").Apply(x);
        var attended = new Attention(useScale: true, name: "attention").Apply([q, x]);
        var mha = new MultiHeadAttention(2, 3, name: "mha").Apply(q, x);
        var joined = new Concatenate(name: "join").Apply([q, attended, mha]);
        var model = new Functional(x, new Dense(2, name: "out").Apply(joined), name: "attn");
        var data = Tensor.RandomNormal([2, 5, 4], seed: 8);

        var loaded = (Functional)SavingTestSupport.RoundTrip(model);

        Assert.Equal(new Shape(-1, -1, 4), attended.Shape);
        Assert.Equal(new Shape(-1, -1, 4), mha.Shape);
        Assert.Equal(SavingTestSupport.ConfigJsonOf(model), SavingTestSupport.ConfigJsonOf(loaded));
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        TensorAssert.BitEqual(model.Apply(data), loaded.Apply(data));
        Assert.Contains("\"keras_history\":[\"query\",0,0]}},{\"class_name\":\"__keras_tensor__\",\"config\":{\"shape\":[null,null,4]", SavingTestSupport.ConfigJsonOf(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KerasThreeRegisteredNameFunctional_LoadsAsBuiltIn()
    {
        var x = Functional.Input([4], name: "x");
        var model = new Functional(x, new Dense(2, name: "out").Apply(x), name: "m");
        string? written = null;
        byte[] edited = EditConfig(SavingTestSupport.SaveToBytes(model), json => written =
            json.Replace("{\"module\":\"keras\",\"class_name\":\"Functional\",\"config\"", "{\"module\":\"keras.src.models.functional\",\"class_name\":\"Functional\",\"config\"", StringComparison.Ordinal)
                .Replace("\"registered_name\":null,\"build_config\":{\"input_shape\":[null,4]},\"compile_config\"", "\"registered_name\":\"Functional\",\"build_config\":{\"input_shape\":[null,4]},\"compile_config\"", StringComparison.Ordinal)
                .Replace("\"registered_name\":null,\"build_config\":{\"input_shape\":[null,4]}}", "\"registered_name\":\"Functional\",\"build_config\":{\"input_shape\":[null,4]}}", StringComparison.Ordinal));

        var loaded = Assert.IsType<Functional>(ModelArchive.Load(edited, "keras3.trellis"));

        Assert.StartsWith("{\"module\":\"keras.src.models.functional\",\"class_name\":\"Functional\"", written, StringComparison.Ordinal);
        Assert.Contains("\"registered_name\":\"Functional\",\"build_config\":{\"input_shape\":[null,4]}}", written, StringComparison.Ordinal);
        TensorAssert.BitEqual(model.Apply(s_a), loaded.Apply(s_a));
    }

    private static byte[] EditConfig(byte[] archive, Func<string, string> edit)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var buffer = new MemoryStream();
                using (var stream = entry.Open())
                {
                    stream.CopyTo(buffer);
                }
                byte[] bytes = buffer.ToArray();
                if (entry.FullName == ArchiveMembers.Config)
                {
                    string before = ConfigJson.SerializeToString(ConfigJson.ParseObject(bytes, entry.FullName));
                    string after = edit(before);
                    Assert.NotEqual(before, after);
                    bytes = Encoding.UTF8.GetBytes(after);
                }
                using var written = target.CreateEntry(entry.FullName).Open();
                written.Write(bytes);
            }
        }
        return output.ToArray();
    }
}
