using Trellis.Checkpoints;
using Trellis.Checkpoints.Storage;
using Trellis.Tests.TestSupport;
using Trellis.Tests.Tracking;
using Trellis.Tracking;

namespace Trellis.Tests.Checkpoints;

public sealed class CheckpointTests
{
    private sealed class AllTypes : Trackable
    {
        public Variable F32 { get; } = new(Tensor.RandomNormal([3, 5], seed: 1));
        public Variable F64 { get; } = new(Tensor.RandomNormal([4], seed: 2, dtype: DType.Float64));
        public Variable I32 { get; } = new(Tensor.Constant(new[] { 1, -2, int.MaxValue }));
        public Variable I64 { get; } = new(Tensor.Constant(new[] { long.MinValue, 5L }));
        public Variable U8 { get; } = new(Tensor.Constant(new byte[] { 0, 255, 7 }));
        public Variable B { get; } = new(Tensor.Constant(new[] { true, false }));
        public Variable F16 { get; } = new(Ops.Cast(Tensor.RandomNormal([2, 2], seed: 3), DType.Float16));
        public Variable BF16 { get; } = new(Ops.Cast(Tensor.RandomNormal([3], seed: 4), DType.BFloat16));
        public Variable Scalar { get; } = new(Tensor.Constant(float.NaN));
    }

    [Fact]
    public void Save_ThenRestoreIntoFreshObjects_BitExactForEveryDType()
    {
        using var dir = new ScratchDir();
        var saved = new AllTypes();
        string path = new Checkpoint(("model", saved)).Save(dir["ckpt"]);

        var fresh = new AllTypes();
        new Checkpoint(("model", fresh)).Restore(path).AssertConsumed();

        Assert.Equal(dir["ckpt"] + "-1", path);
        foreach (var (a, b) in saved.GetTrackedChildren().Zip(fresh.GetTrackedChildren()))
        {
            TensorAssert.BitEqual((Variable)a.Value, (Variable)b.Value, a.Key);
        }
    }

    [Fact]
    public void Save_KeysAndObjectGraph_AsTensorFlowWritesThem()
    {
        using var dir = new ScratchDir();
        var model = new TestModel();
        var ckpt = new Checkpoint(("model", model));
        ckpt.Save(dir["ckpt"]);
        string path = ckpt.Save(dir["ckpt"]);

        var keys = CheckpointReader.Open(path).ListVariables().Select(v => v.Key).ToList();

        Assert.Equal(dir["ckpt"] + "-2", path);
        Assert.Equal(
        [
            "model/Blocks/0/bias/.ATTRIBUTES/VARIABLE_VALUE",
            "model/Blocks/0/kernel/.ATTRIBUTES/VARIABLE_VALUE",
            "model/Blocks/1/bias/.ATTRIBUTES/VARIABLE_VALUE",
            "model/Blocks/1/kernel/.ATTRIBUTES/VARIABLE_VALUE",
            "model/First/bias/.ATTRIBUTES/VARIABLE_VALUE",
            "model/First/kernel/.ATTRIBUTES/VARIABLE_VALUE",
            "save_counter/.ATTRIBUTES/VARIABLE_VALUE",
        ], keys);
        Assert.Equal(2L, CheckpointReader.Open(path).GetTensor("save_counter/.ATTRIBUTES/VARIABLE_VALUE").Item<long>());
        Assert.Equal("model_checkpoint_path: \"ckpt-2\"\nall_model_checkpoint_paths: \"ckpt-2\"\n", File.ReadAllText(dir["checkpoint"]));
    }

    private sealed class Tied : Trackable
    {
        public Tied(Variable shared)
        {
            Encoder = new Holder(shared);
            Decoder = new Holder(shared);
        }

        public Holder Encoder { get; }

        public Holder Decoder { get; }
    }

    private sealed class Holder(Variable embedding) : Trackable
    {
        public Variable Embedding { get; } = embedding;
    }

    [Fact]
    public void Restore_SharedVariable_SavedOnceAndRestoredOnceStillTied()
    {
        var storage = new MemoryCheckpointStorage();
        var model = new Tied(new Variable(Tensor.RandomNormal([4, 2], seed: 5)));
        new Checkpoint(("model", model)) { Storage = storage }.Write("mem");

        var fresh = new Tied(new Variable(Tensor.Zeros([4, 2])));
        new Checkpoint(("model", fresh)) { Storage = storage }.Restore("mem").AssertConsumed();

        Assert.Equal(["model/Encoder/Embedding/.ATTRIBUTES/VARIABLE_VALUE"], storage.Keys("mem"));
        Assert.Equal(1, storage.Reads["model/Encoder/Embedding/.ATTRIBUTES/VARIABLE_VALUE"]);
        Assert.Same(fresh.Encoder.Embedding, fresh.Decoder.Embedding);   // tied weights stay tied through the round trip
        TensorAssert.BitEqual(model.Decoder.Embedding, fresh.Decoder.Embedding);
    }

    [Fact]
    public void Restore_ModelBuiltAfterRestore_TakesCheckpointValuesWithoutRunningInitializers()
    {
        using var dir = new ScratchDir();
        var model = new TestModel();
        string path = new Checkpoint(("model", model)).Save(dir["ckpt"]);

        var fresh = new TestModel(build: false);
        var status = new Checkpoint(("model", fresh)).Restore(path);
        Assert.Contains("model/First/kernel", status.Report.UnusedInCheckpoint);
        fresh.Build();

        Assert.Equal(0, fresh.First.InitializerCalls + fresh.Blocks.Sum(b => b.InitializerCalls));
        TensorAssert.BitEqual(model.First.Kernel!, fresh.First.Kernel!);
        TensorAssert.BitEqual(model.Blocks[1].Bias!, fresh.Blocks[1].Bias!);
        status.AssertConsumed();
    }

    private sealed class LazyModel : Trackable
    {
        public TestDense? Head { get; set; }
    }

    [Fact]
    public void Restore_FieldAssignedAfterRestore_ItsVariablesTakeCheckpointValues()
    {
        using var dir = new ScratchDir();
        var model = new LazyModel { Head = new TestDense(3, 4) };
        string path = new Checkpoint(("model", model)).Save(dir["ckpt"]);

        var fresh = new LazyModel();
        var status = new Checkpoint(("model", fresh)).Restore(path);
        fresh.Head = new TestDense(3, 4, build: false);   // a new object, unknown at restore time
        fresh.Head.Build();                                // builds after being attached, as Keras layers do

        Assert.Equal(0, fresh.Head.InitializerCalls);
        TensorAssert.BitEqual(model.Head.Bias!, fresh.Head.Bias!);
        Assert.Equal(["model/Head/bias", "model/Head/kernel", "save_counter"], status.Report.Matched.Order());
    }

    [Fact]
    public void Restore_VariableTrackedAfterRestore_TakesCheckpointValue()
    {
        var storage = new MemoryCheckpointStorage();
        var saved = new LazyModel();
        saved.Track("step", new Variable(Tensor.Constant(9L)));
        new Checkpoint(("model", saved)) { Storage = storage }.Write("mem");

        var fresh = new LazyModel();
        new Checkpoint(("model", fresh)) { Storage = storage }.Read("mem");
        var step = fresh.Track("step", new Variable(Tensor.Constant(0L)));

        Assert.Equal(9L, step.Item<long>());
    }

    [Fact]
    public void Restore_TwoRestores_LatestWinsForDeferredVariables()
    {
        using var dir = new ScratchDir();
        var a = new TestModel();
        var b = new TestModel();
        string pathA = new Checkpoint(("model", a)).Write(dir["a"]);
        string pathB = new Checkpoint(("model", b)).Write(dir["b"]);

        var fresh = new TestModel(build: false);
        var ckpt = new Checkpoint(("model", fresh));
        ckpt.Read(pathA);
        ckpt.Read(pathB);
        fresh.Build();

        TensorAssert.BitEqual(b.First.Kernel!, fresh.First.Kernel!);
    }

    [Fact]
    public void Restore_SlotVariables_RestoredWhetherCreatedBeforeOrAfter()
    {
        using var dir = new ScratchDir();
        var model = new TestDense(2, 3);
        var optimizer = new TestOptimizer();
        optimizer.Slot(model.Kernel!).Assign(Tensor.RandomNormal([2, 3], seed: 7));
        optimizer.Slot(model.Bias!).Assign(Tensor.RandomNormal([3], seed: 8));
        optimizer.Iterations.Assign(Tensor.Constant(42L));
        string path = new Checkpoint(("model", model), ("optimizer", optimizer)).Save(dir["ckpt"]);

        var freshModel = new TestDense(2, 3);
        var freshOptimizer = new TestOptimizer();
        var before = freshOptimizer.Slot(freshModel.Kernel!);   // exists at restore time
        var status = new Checkpoint(("model", freshModel), ("optimizer", freshOptimizer)).Restore(path);
        var after = freshOptimizer.Slot(freshModel.Bias!);      // created after the restore

        Assert.Contains("model/kernel/.OPTIMIZER_SLOT/optimizer/m/.ATTRIBUTES/VARIABLE_VALUE", CheckpointReader.Open(path).ListVariables().Select(v => v.Key));
        TensorAssert.BitEqual(optimizer.Slot(model.Kernel!), before);
        TensorAssert.BitEqual(optimizer.Slot(model.Bias!), after);
        Assert.Equal(1, freshOptimizer.SlotInitializerCalls);   // only the slot that existed before the restore was initialized
        Assert.Equal(42L, freshOptimizer.Iterations.Item<long>());
        status.AssertConsumed();
    }

    private sealed class Trainer : Trackable
    {
        public TestModel Model { get; } = new(build: false);

        public TestOptimizer? Optimizer { get; set; }
    }

    [Fact]
    public void Restore_ModelAndOptimizerCreatedAfterRestore_SlotsRestored()
    {
        using var dir = new ScratchDir();
        var saved = new Trainer { Optimizer = new TestOptimizer() };
        saved.Model.Build();
        saved.Optimizer.Slot(saved.Model.First.Kernel!).Assign(Tensor.RandomNormal([3, 4], seed: 11));
        saved.Optimizer.Iterations.Assign(Tensor.Constant(5L));
        string path = new Checkpoint(("trainer", saved)).Save(dir["ckpt"]);

        var fresh = new Trainer();
        var status = new Checkpoint(("trainer", fresh)).Restore(path);
        fresh.Model.Build();                       // variables created after the restore
        fresh.Optimizer = new TestOptimizer();     // an optimizer that did not exist at restore time
        var slot = fresh.Optimizer.Slot(fresh.Model.First.Kernel!);

        TensorAssert.BitEqual(saved.Optimizer.Slot(saved.Model.First.Kernel!), slot);
        Assert.Equal(0, fresh.Optimizer.SlotInitializerCalls);
        Assert.Equal(5L, fresh.Optimizer.Iterations.Item<long>());
        Assert.Contains("trainer/Model/First/kernel/.OPTIMIZER_SLOT/trainer/Optimizer/m", status.Report.Matched);
        status.AssertConsumed();
    }

    [Fact]
    public void Save_ObjectGraphProto_NodesChildrenAttributesAndSlots()
    {
        using var dir = new ScratchDir();
        var model = new TestDense(2, 2);
        var optimizer = new TestOptimizer();
        optimizer.Slot(model.Kernel!);
        string path = new Checkpoint(("model", model), ("optimizer", optimizer), ("empty", new LazyModel())).Save(dir["ckpt"]);

        var graph = CheckpointReader.Open(path).ObjectGraph!;

        // root: model, optimizer, empty, save_counter; then breadth-first; the slot node last.
        Assert.Equal(["model:1", "optimizer:2", "empty:3", "save_counter:4"], graph.Nodes[0].Children.Select(c => $"{c.LocalName}:{c.NodeId}"));
        Assert.Equal(["kernel:5", "bias:6"], graph.Nodes[1].Children.Select(c => $"{c.LocalName}:{c.NodeId}"));
        var kernel = Assert.Single(graph.Nodes[5].Attributes);
        Assert.Equal(("VARIABLE_VALUE", "kernel", "model/kernel/.ATTRIBUTES/VARIABLE_VALUE"), (kernel.Name, kernel.FullName, kernel.CheckpointKey));
        var slotRef = Assert.Single(graph.Nodes[2].SlotVariables);
        Assert.Equal((5, "m", graph.Nodes.Count - 1), (slotRef.OriginalVariableNodeId, slotRef.SlotName, slotRef.SlotVariableNodeId));
        Assert.Equal("model/kernel/.OPTIMIZER_SLOT/optimizer/m/.ATTRIBUTES/VARIABLE_VALUE", graph.Nodes[^1].Attributes[0].CheckpointKey);
        // has_checkpoint_values as TensorFlow 2.9+ writes it: only the empty object has none.
        Assert.Equal([3], Enumerable.Range(0, graph.Nodes.Count).Where(i => graph.Nodes[i].HasCheckpointValues != true));
    }

    [Fact]
    public void Restore_TF1NameBasedCheckpoint_FormatErrorPointsToCheckpointReader()
    {
        string tf1 = TestSupport.Fixtures.Path("tensorflow_serving", "saved_model_half_plus_two_cpu", "00000123", "variables", "variables");

        var e = Assert.Throws<TrellisFormatException>(() => new Checkpoint(("m", new TestDense(1, 1))).Restore(tf1));

        Assert.Contains("TF1 name-based", e.Message, StringComparison.Ordinal);
        Assert.Contains("CheckpointReader", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_DirectoryWithoutStateFile_FormatError()
    {
        using var dir = new ScratchDir();

        var e = Assert.Throws<TrellisFormatException>(() => new Checkpoint(("m", new TestDense(1, 1))).Restore(dir.Path));

        Assert.Contains("state file", e.Message, StringComparison.Ordinal);
        Assert.Throws<TrellisFormatException>(() => new Checkpoint(("m", new TestDense(1, 1))).Restore(dir["nothing-here"]));
    }

    private sealed class Named : Trackable
    {
        public Dictionary<string, Variable> Table { get; } = [];
    }

    [Fact]
    public void Save_DictionaryKeysWithSlashesAndDots_EscapedKeysRestoreByName()
    {
        using var dir = new ScratchDir();
        var saved = new Named();
        saved.Table["a/b.c"] = new Variable(Tensor.Constant(new[] { 1.5f }));
        saved.Table["x"] = new Variable(Tensor.Constant(new[] { 2.5f }));
        string path = new Checkpoint(("m", saved)).Write(dir["c"]);
        var fresh = new Named();
        fresh.Table["a/b.c"] = new Variable(Tensor.Constant(new[] { 0f }));
        fresh.Table["x"] = new Variable(Tensor.Constant(new[] { 0f }));

        new Checkpoint(("m", fresh)).Read(path).AssertConsumed();

        Assert.Contains("m/Table/a.Sb..c/.ATTRIBUTES/VARIABLE_VALUE", CheckpointReader.Open(path).ListVariables().Select(v => v.Key));
        Assert.Equal(1.5f, fresh.Table["a/b.c"].GetValue<float>(0));
        Assert.Equal(2.5f, fresh.Table["x"].GetValue<float>(0));
    }

    [Fact]
    public void Constructor_BadChildren_Throw()
    {
        Assert.Throws<ArgumentException>(() => new Checkpoint(("x", "a string")));
        Assert.Throws<ArgumentException>(() => new Checkpoint(("save_counter", new TestDense(1, 1))));
        Assert.Throws<ArgumentException>(() => new Checkpoint(("m", new TestDense(1, 1)), ("m", new TestDense(1, 1))));
    }

    [Fact]
    public void Save_VariableAsDirectChild_RoundTrips()
    {
        using var dir = new ScratchDir();
        var step = new Variable(Tensor.Constant(17L), trainable: false);
        string path = new Checkpoint(("step", step)).Write(dir["c"]);
        var fresh = new Variable(Tensor.Constant(0L));

        new Checkpoint(("step", fresh)).Read(path).AssertConsumed();

        Assert.Equal(17L, fresh.Item<long>());
    }
}
