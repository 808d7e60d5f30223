using Trellis.Tracking;

namespace Trellis.Tests.Tracking;

public sealed class TrackableTests
{
    private static Variable V(float x) => new(Tensor.Constant(new[] { x }));

    private sealed class Leaf : Trackable
    {
        public Variable W { get; } = V(1);
    }

    private class Base : Trackable
    {
        private readonly Leaf _hidden = new();

        public Leaf Hidden => _hidden;
    }

    private sealed class Kitchen : Base
    {
        private readonly Leaf _dense = new();
        private readonly List<Leaf> _layers = [new(), new()];
        private readonly Variable[] _array = [V(2), V(3)];
        private readonly Dictionary<string, Leaf> _byName = new() { ["b"] = new(), ["a"] = new() };

        [NotTracked]
        private readonly Leaf _ignored = new();

        [TrackAs("renamed")]
        private readonly Leaf _original = new();

        private readonly int _count = 3;

        public Kitchen()
        {
            Explicit = Track("explicit_first", new Leaf());
        }

        public Leaf AutoProp { get; } = new();

        public Leaf Explicit { get; }

        public Leaf Ignored => _ignored;

        public int Count => _count + _dense.GetHashCode() * 0 + _layers.Count * 0 + _array.Length * 0 + _byName.Count * 0 + _original.GetHashCode() * 0;
    }

    [Fact]
    public void GetTrackedChildren_MixedMembers_ExplicitThenBaseThenDeclaredOrder()
    {
        var k = new Kitchen();

        var names = k.GetTrackedChildren().Select(c => c.Key).ToList();

        // Explicit first; base-class private field; then declaration order; the auto-property holding the explicit
        // child is not listed twice; [NotTracked] and non-trackable members are absent.
        Assert.Equal(["explicit_first", "hidden", "dense", "layers", "array", "byName", "renamed", "AutoProp"], names);
    }

    [Fact]
    public void GetTrackedChildren_ListAndDictionary_AreNodesNamedByIndexAndKey()
    {
        var k = new Kitchen();
        var children = k.GetTrackedChildren().ToDictionary(c => c.Key, c => c.Value);

        var list = Assert.IsAssignableFrom<Trackable>(children["layers"]);
        var array = Assert.IsAssignableFrom<Trackable>(children["array"]);
        var dict = Assert.IsAssignableFrom<Trackable>(children["byName"]);

        Assert.Equal(["0", "1"], list.GetTrackedChildren().Select(c => c.Key));
        Assert.Equal(["0", "1"], array.GetTrackedChildren().Select(c => c.Key));
        Assert.IsType<Variable>(array.GetTrackedChildren()[1].Value);
        Assert.Equal(["a", "b"], dict.GetTrackedChildren().Select(c => c.Key));
        Assert.Same(list, k.GetTrackedChildren().Single(c => c.Key == "layers").Value);   // one node per collection instance
    }

    [Fact]
    public void GetTrackedChildren_ListGrows_NewItemsSeen()
    {
        var m = new TestModel();
        var blocks = (Trackable)m.GetTrackedChildren().Single(c => c.Key == "Blocks").Value;

        m.Blocks.Add(new TestDense(2, 2));

        Assert.Equal(["0", "1", "2"], blocks.GetTrackedChildren().Select(c => c.Key));
    }

    private sealed class Clash : Trackable
    {
        private readonly Leaf _dense = new();

        public Leaf dense { get; } = new();   // strips to the same name as _dense

        public Leaf Get() => _dense;
    }

    [Fact]
    public void GetTrackedChildren_TwoMembersSameName_ThrowsNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => new Clash().GetTrackedChildren());

        Assert.Contains("Clash._dense", e.Message, StringComparison.Ordinal);
        Assert.Contains("Clash.dense", e.Message, StringComparison.Ordinal);
        Assert.Contains("'dense'", e.Message, StringComparison.Ordinal);
    }

    private sealed class ExplicitClash : Trackable
    {
        public ExplicitClash() => Track("w", V(1));

        public Variable W2 { get; } = V(2);

        [TrackAs("w")]
        public Variable Other { get; } = V(3);
    }

    [Fact]
    public void GetTrackedChildren_MemberClashesWithTrack_ThrowsNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => new ExplicitClash().GetTrackedChildren());

        Assert.Contains("Track(\"w\")", e.Message, StringComparison.Ordinal);
        Assert.Contains("ExplicitClash.Other", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Track_SameNameOtherObject_Throws()
    {
        var leaf = new Leaf();
        leaf.Track("x", V(1));

        Assert.Throws<ArgumentException>(() => leaf.Track("x", V(2)));
        Assert.Throws<ArgumentException>(() => leaf.Track("y", "not trackable"));
    }

    private sealed class Aliases : Trackable
    {
        public TestDense Inner { get; } = new(2, 2);

        protected override IEnumerable<KeyValuePair<string, object>> AdditionalChildren()
        {
            yield return new("layer-0", Inner);
            yield return new("layer_with_weights-0", Inner);
        }
    }

    [Fact]
    public void AdditionalChildren_Aliases_ListedAfterMembers()
    {
        var a = new Aliases();

        Assert.Equal(["Inner", "layer-0", "layer_with_weights-0"], a.GetTrackedChildren().Select(c => c.Key));
    }

    [Fact]
    public void AddTrackedVariable_NoRestorePending_RunsInitializerAndTracks()
    {
        var d = new TestDense(2, 3);

        Assert.Equal(2, d.InitializerCalls);
        Assert.Equal(["kernel", "bias"], d.GetTrackedChildren().Select(c => c.Key));
        Assert.Same(d.Kernel, d.GetTrackedChildren()[0].Value);
    }

    [Fact]
    public void AddTrackedVariable_InitializerWrongShape_Throws()
    {
        var leaf = new Leaf();

        var e = Assert.Throws<ArgumentException>(() => leaf.AddTrackedVariable("k", [2], DType.Float32, () => Tensor.Zeros([3])));
        Assert.Contains("'k'", e.Message, StringComparison.Ordinal);
    }
}
