using System.Text.Json;
using Trellis.Checkpoints;
using Trellis.Cli;
using Trellis.Tests.Checkpoints;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Cli;

public class InspectCommandTests
{
    public static TheoryData<string> Bundles() => new(BundlePaths());

    private static List<string> BundlePaths()
    {
        var data = new List<string>();
        foreach (string dir in Directory.GetDirectories(TestSupport.Fixtures.Path("tensorflow_serving")).Order(StringComparer.Ordinal))
        {
            foreach (string version in Directory.GetDirectories(dir))
            {
                if (File.Exists(Path.Combine(version, "variables", "variables.index")))
                {
                    data.Add(Path.GetRelativePath(TestSupport.Fixtures.Root, Path.Combine(version, "variables", "variables")));
                }
            }
        }
        foreach (string family in new[] { "tensorflow_net", "tfjs_node_saved_models" })
        {
            foreach (string dir in Directory.GetDirectories(TestSupport.Fixtures.Path(family)).Order(StringComparer.Ordinal))
            {
                if (File.Exists(Path.Combine(dir, "variables", "variables.index")))
                {
                    data.Add(Path.GetRelativePath(TestSupport.Fixtures.Root, Path.Combine(dir, "variables", "variables")));
                }
            }
        }
        return data;
    }

    [Fact]
    public void Bundles_CoverEveryDecodedDump()
    {
        var names = BundlePaths().Select(DumpName).ToHashSet();
        foreach (string dump in Directory.GetFiles(TestSupport.Fixtures.Path("_decoded"), "*.bundle.txt"))
        {
            Assert.Contains(Path.GetFileName(dump), names);
        }
    }

    private static string DumpName(string relative) => relative.Replace('/', '_').Replace('\\', '_') + ".bundle.txt";

    [Theory]
    [MemberData(nameof(Bundles))]
    public void InspectJson_TensorBundleFixture_MatchesDecodedDumpAndReader(string relative)
    {
        string prefix = TestSupport.Fixtures.Path(relative);
        var result = CliRunner.Run("inspect", prefix, "--json");
        Assert.Equal(TrellisCli.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var variables = json.RootElement.GetProperty("variables").EnumerateArray()
            .Select(v => (Key: v.GetProperty("key").GetString()!, DType: v.GetProperty("dtype").GetString()!,
                          Shape: v.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(), Bytes: v.GetProperty("bytes").GetInt64()))
            .ToList();

        // Against our independent Python reader's dump: every entry but the object graph, same dtype, shape, size.
        var dump = BundleDumpText.Parse(File.ReadAllText(TestSupport.Fixtures.Path("_decoded", DumpName(relative))));
        var expected = dump.Entries.Where(e => e.Key != "_CHECKPOINTABLE_OBJECT_GRAPH").OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(e => e.Key), variables.Select(v => v.Key));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].DType, variables[i].DType);
            Assert.Equal(expected[i].Shape, variables[i].Shape);
            Assert.Equal(expected[i].Size, variables[i].Bytes);
        }

        // Against the library's CheckpointReader: the numeric variables agree.
        var reader = CheckpointReader.Open(prefix);
        foreach (var v in reader.ListVariables())
        {
            var row = variables.Single(x => x.Key == v.Key);
            Assert.Equal(v.DType.Name(), row.DType);
            Assert.Equal(v.Shape.ToArray(), row.Shape);
        }
        Assert.Equal(variables.Count, json.RootElement.GetProperty("total_variables").GetInt32());
        Assert.Equal(variables.Sum(v => v.Bytes), json.RootElement.GetProperty("total_bytes").GetInt64());

        // The object graph: same nodes, children and attribute keys as the dump.
        var graph = json.RootElement.GetProperty("object_graph");
        if (dump.Nodes.Count == 0)
        {
            Assert.Equal(JsonValueKind.Null, graph.ValueKind);
            return;
        }
        var nodes = graph.EnumerateArray().ToList();
        Assert.Equal(dump.Nodes.Count, nodes.Count);
        for (int n = 0; n < nodes.Count; n++)
        {
            var children = nodes[n].GetProperty("children").EnumerateArray()
                .Where(c => !c.TryGetProperty("slot_of_node_id", out _))
                .Select(c => (c.GetProperty("node_id").GetInt32(), c.GetProperty("name").GetString()!));
            Assert.Equal(dump.Nodes[n].Children, children);
            Assert.Equal(dump.Nodes[n].Attributes.Select(a => a.CheckpointKey),
                nodes[n].GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("checkpoint_key").GetString()));
        }
    }

    [Fact]
    public void Inspect_Table_ShowsKeysShapesTreeAndTotals()
    {
        var result = CliRunner.Run("inspect", TestSupport.Fixtures.Path("tensorflow_net", "simple_model_from_auto_compile"));
        Assert.Equal(TrellisCli.Success, result.ExitCode);
        Assert.Contains("layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE", result.Out, StringComparison.Ordinal);
        Assert.Contains("(784, 100)", result.Out, StringComparison.Ordinal);
        Assert.Contains("root (node 0)", result.Out, StringComparison.Ordinal);
        Assert.Contains("313,600", result.Out, StringComparison.Ordinal); // 784 * 100 * 4 bytes
        Assert.Matches(@"\d+ variables, [\d,]+ elements, [\d,]+ bytes", result.Out);
    }

    [Fact]
    public void Inspect_SafetensorsFile_ListsTensorsAndMetadata()
    {
        var result = CliRunner.Run("inspect", TestSupport.Fixtures.Path("safetensors_samples", "overall.safetensors"), "--json");
        Assert.Equal(TrellisCli.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("safetensors", json.RootElement.GetProperty("format").GetString());
        Assert.Equal(9, json.RootElement.GetProperty("total_variables").GetInt32());
        Assert.Equal("a", json.RootElement.GetProperty("metadata").GetProperty("test").GetString());
        var dtypes = json.RootElement.GetProperty("variables").EnumerateArray().ToDictionary(v => v.GetProperty("key").GetString()!, v => v.GetProperty("dtype").GetString());
        Assert.Equal("int8", dtypes["b"]);
        Assert.Equal("uint32", dtypes["I"]);
        Assert.Equal("float16", dtypes["e"]);
    }

    [Theory]
    [InlineData("inspect")]
    [InlineData("diff", "a")]
    [InlineData("inspect", "x", "--no-such-option")]
    [InlineData("frobnicate")]
    public void Run_BadCommandLine_ExitsWithFailureNotDiffsDifferent(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(TrellisCli.Failure, result.ExitCode);
        Assert.Contains("error:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Help_ListsTheCommands()
    {
        var result = CliRunner.Run("--help");
        Assert.Equal(TrellisCli.Success, result.ExitCode);
        foreach (string command in new[] { "train", "inspect", "diff", "convert" })
        {
            Assert.Contains(command, result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Inspect_MissingPath_FailsWithMessage()
    {
        var result = CliRunner.Run("inspect", Path.Combine(Path.GetTempPath(), "no-such-checkpoint-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(TrellisCli.Failure, result.ExitCode);
        Assert.Contains("error:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_V1Checkpoint_FailsWithFormatMessage()
    {
        var result = CliRunner.Run("inspect", TestSupport.Fixtures.Path("tensorflow_serving", "bad_half_plus_two", "00000123"));
        Assert.Equal(TrellisCli.Failure, result.ExitCode);
        Assert.NotEmpty(result.Error);
    }
}
