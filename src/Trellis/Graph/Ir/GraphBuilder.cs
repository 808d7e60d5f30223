using Trellis.Operations;

namespace Trellis.Graph.Ir;

/// <summary>Builds a new graph node by node; passes use it to rewrite a graph into a fresh one.</summary>
internal sealed class GraphBuilder(TensorSpec[] signature)
{
    private readonly FunctionGraph _graph = new() { Signature = signature };

    public int Argument(int index, TensorSpec spec) => Add(new Node { Id = _graph.Nodes.Count, Kind = NodeKind.Argument, Spec = spec, ArgumentIndex = index });

    public int Constant(Tensor value) => Add(new Node { Id = _graph.Nodes.Count, Kind = NodeKind.Constant, Spec = new TensorSpec(value.Shape, value.DType), Value = value });

    public int Capture(Tensor variable) => Add(new Node { Id = _graph.Nodes.Count, Kind = NodeKind.Capture, Spec = new TensorSpec(variable.Shape, variable.DType), Value = variable });

    public int Op(Op op, int[] inputs, TensorSpec spec) => Add(new Node { Id = _graph.Nodes.Count, Kind = NodeKind.Op, Spec = spec, Op = op, Inputs = inputs });

    /// <summary>Copies a node of another graph, with its inputs renumbered by <paramref name="map"/>.</summary>
    public int Copy(Node node, int[] map) => node.Kind switch
    {
        NodeKind.Argument => Argument(node.ArgumentIndex, node.Spec),
        NodeKind.Constant => Constant(node.Value!),
        NodeKind.Capture => Capture(node.Value!),
        _ => Op(node.Op!, node.Inputs.Select(i => map[i]).ToArray(), node.Spec),
    };

    public FunctionGraph Finish(int[] outputs)
    {
        _graph.Outputs = outputs;
        return _graph;
    }

    private int Add(Node node)
    {
        _graph.Nodes.Add(node);
        return node.Id;
    }
}
