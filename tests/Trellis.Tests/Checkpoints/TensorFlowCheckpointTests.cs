using Trellis.Checkpoints;
using Trellis.Tests.TestSupport;
using Trellis.Tests.Tracking;
using Trellis.Tracking;

namespace Trellis.Tests.Checkpoints;

/// <summary>Restores checkpoints written by TensorFlow into C# object trees with the same edge names.</summary>
public sealed class TensorFlowCheckpointTests
{
    /// <summary>A Keras-2-like Sequential: layers in a list (not tracked as such), exposed as layer_with_weights-N.</summary>
    private sealed class MiniSequential(params TestDense[] layers) : Trackable
    {
        [NotTracked]
        private readonly TestDense[] _layers = layers;

        public TestDense this[int i] => _layers[i];

        protected override IEnumerable<KeyValuePair<string, object>> AdditionalChildren()
        {
            for (int i = 0; i < _layers.Length; i++)
            {
                yield return new($"layer_with_weights-{i}", _layers[i]);
            }
        }
    }

    private static string SimpleModelBundle => TestSupport.Fixtures.Path("tensorflow_net", "simple_model_from_auto_compile", "variables", "variables");

    [Fact]
    public void Read_TensorFlowSimpleModel_ValuesEqualNpyFiles()
    {
        var model = new MiniSequential(new TestDense(784, 100), new TestDense(100, 10));

        var status = new Checkpoint(model).Read(SimpleModelBundle);

        status.AssertExistingObjectsMatched().AssertNontrivialMatch();
        TensorAssert.BitEqual(Npy.Read(TestSupport.Fixtures.Path("tensorflow_net", "simple_model_from_auto_compile", "kernel1.npy")), model[1].Kernel!, "layer_with_weights-1/kernel");
        TensorAssert.BitEqual(Npy.Read(TestSupport.Fixtures.Path("tensorflow_net", "simple_model_from_auto_compile", "bias0.npy")), model[0].Bias!, "layer_with_weights-0/bias");
        // Values from _decoded/tensorflow_net_simple_model_from_auto_compile_variables_variables.bundle.txt.
        Assert.Equal(-0.03800301253795624f, model[0].Kernel!.GetValue<float>(0, 0));
        Assert.Equal(-0.05900795757770538f, model[1].Bias!.GetValue<float>(0));
        Assert.Equal(
            ["keras_api/metrics/0/count", "keras_api/metrics/0/total", "keras_api/metrics/1/count", "keras_api/metrics/1/total"],
            status.Report.UnusedInCheckpoint.Order());
        var e = Assert.Throws<InvalidOperationException>(() => status.AssertConsumed());
        Assert.Contains("keras_api/metrics/0/total", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SavedModelDirectory_UsesItsVariablesBundle()
    {
        var model = new MiniSequential(new TestDense(784, 100), new TestDense(100, 10));

        var status = new Checkpoint(model).Read(TestSupport.Fixtures.Path("tensorflow_net", "simple_model_from_auto_compile"));

        Assert.EndsWith(Path.Combine("variables", "variables"), status.CheckpointPath, StringComparison.Ordinal);
        TensorAssert.BitEqual(Npy.Read(TestSupport.Fixtures.Path("tensorflow_net", "simple_model_from_auto_compile", "bias0.npy")), model[0].Bias!);
    }

    [Fact]
    public void Read_TensorFlowSimpleModel_DeferredIntoUnbuiltLayers()
    {
        var model = new MiniSequential(new TestDense(784, 100, build: false), new TestDense(100, 10, build: false));

        new Checkpoint(model).Read(SimpleModelBundle);
        model[0].Build();
        model[1].Build();

        Assert.Equal(0, model[0].InitializerCalls + model[1].InitializerCalls);
        TensorAssert.BitEqual(Npy.Read(TestSupport.Fixtures.Path("tensorflow_net", "simple_model_from_auto_compile", "kernel1.npy")), model[1].Kernel!);
    }

    [Fact]
    public void Write_RootMode_KeysAsKerasSaveWeights()
    {
        using var dir = new ScratchDir();
        var model = new MiniSequential(new TestDense(2, 3), new TestDense(3, 1));
        var ckpt = new Checkpoint(model);

        string path = ckpt.Save(dir["weights"]);
        var keys = CheckpointReader.Open(path).ListVariables().Select(v => v.Key);

        Assert.Equal(
        [
            "layer_with_weights-0/bias/.ATTRIBUTES/VARIABLE_VALUE",
            "layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE",
            "layer_with_weights-1/bias/.ATTRIBUTES/VARIABLE_VALUE",
            "layer_with_weights-1/kernel/.ATTRIBUTES/VARIABLE_VALUE",
            "save_counter/.ATTRIBUTES/VARIABLE_VALUE",
        ], keys);
        var fresh = new MiniSequential(new TestDense(2, 3), new TestDense(3, 1));
        var freshCkpt = new Checkpoint(fresh);
        freshCkpt.Restore(path).AssertConsumed();
        TensorAssert.BitEqual(model[1].Kernel!, fresh[1].Kernel!);
        Assert.Equal(1L, freshCkpt.SaveCount);
    }
}
