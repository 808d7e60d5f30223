using Trellis.Tracking;

namespace Trellis.Tests.Tracking;

public sealed class ObjectGraphViewTests
{
    private sealed class Holder : Trackable
    {
        public Holder(params (string Name, object Child)[] children)
        {
            foreach (var (name, child) in children)
            {
                Track(name, child);
            }
        }
    }

    [Fact]
    public void Build_SharedVariable_OneNodeAtShortestPath()
    {
        var shared = new Variable(Tensor.Constant(new[] { 1f }));
        var deep = new Holder(("inner", new Holder(("w", shared))));
        var root = new Holder(("deep", deep), ("shallow", new Holder(("w", shared))));

        var view = ObjectGraphView.Build(root);

        var variableNodes = view.VariableNodes().ToList();
        Assert.Single(variableNodes);
        // Breadth-first: "shallow/w" (depth 2) wins over "deep/inner/w" (depth 3) though "deep" comes first.
        Assert.Equal("shallow/w/.ATTRIBUTES/VARIABLE_VALUE", variableNodes[0].ValueKey);
        // Both edges point at the one node.
        int id = view.IdOf(shared);
        Assert.Contains(view.Nodes, n => n.Children.Contains(("w", id)) && n.Edges.SequenceEqual(["deep", "inner"]));
        Assert.Contains(view.Nodes, n => n.Children.Contains(("w", id)) && n.Edges.SequenceEqual(["shallow"]));
    }

    [Fact]
    public void Build_SameDepth_FirstChildOrderWins()
    {
        var shared = new Variable(Tensor.Constant(new[] { 1f }));
        var root = new Holder(("b", new Holder(("k", shared))), ("a", new Holder(("k", shared))));

        var view = ObjectGraphView.Build(root);

        Assert.Equal("b/k", view.Nodes[view.IdOf(shared)].ObjectPath);
        Assert.Equal([0, 1, 2, 3], view.Nodes.Select(n => n.Id));   // root, b, a, then k (breadth-first ids)
        Assert.Equal(3, view.IdOf(shared));
    }

    [Fact]
    public void Build_NamesWithDotsAndSlashes_EscapedAsTensorFlow()
    {
        var v = new Variable(Tensor.Constant(new[] { 1f }));
        var root = new Holder(("a.b", new Holder(("c/d", v))));

        var node = ObjectGraphView.Build(root).VariableNodes().Single();

        Assert.Equal("a..b/c.Sd/.ATTRIBUTES/VARIABLE_VALUE", node.ValueKey);
        Assert.Equal("a.b/c/d", node.DisplayPath);
    }

    [Fact]
    public void Build_OptimizerSlots_KeyedUnderOriginalVariable()
    {
        var model = new TestDense(2, 2);
        var optimizer = new TestOptimizer();
        optimizer.Slot(model.Kernel!);
        var orphan = new Variable(Tensor.Constant(new[] { 1f }));
        optimizer.Slot(orphan);   // its variable is not saved, so neither is its slot
        var root = new Holder(("model", model), ("optimizer", optimizer));

        var view = ObjectGraphView.Build(root);

        var slotNode = view.Nodes[view.IdOf(optimizer.Slot(model.Kernel!))];
        Assert.Equal("model/kernel/.OPTIMIZER_SLOT/optimizer/m/.ATTRIBUTES/VARIABLE_VALUE", slotNode.ValueKey);
        Assert.Equal(-1, view.IdOf(optimizer.Slot(orphan)));
        var optimizerNode = view.Nodes[view.IdOf(optimizer)];
        Assert.Equal([(view.IdOf(model.Kernel!), "m", slotNode.Id)], optimizerNode.SlotVariables);
        Assert.Equal(view.Nodes.Count - 1, slotNode.Id);   // slot nodes come after every walked node
    }
}
