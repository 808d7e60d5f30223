using Trellis.Graph.Ir;

namespace Trellis.Graph.Passes;

/// <summary>
/// Evaluates op nodes whose inputs are all constants once, at optimization time, and replaces them by constants.
/// Variables are captures, not constants, so nothing that reads a variable is folded.
/// </summary>
internal sealed class ConstantFolding : IGraphPass
{
    /// <summary>Outputs larger than this stay computed at run time rather than baked into the graph.</summary>
    public const int MaxFoldedElements = 1 << 20;

    public string Name => "constant-folding";

    public FunctionGraph Run(FunctionGraph graph)
    {
        var builder = new GraphBuilder(graph.Signature);
        var map = new int[graph.Nodes.Count];
        var constants = new Dictionary<int, Tensor>(); // new id -> value
        foreach (var node in graph.Nodes)
        {
            if (node.Kind == NodeKind.Op && node.Spec.Shape.IsFullyDefined && node.Spec.Shape.Size <= MaxFoldedElements
                && node.Inputs.All(i => constants.ContainsKey(map[i])))
            {
                Tensor[] inputs = node.Inputs.Select(i => constants[map[i]]).ToArray();
                Tensor value = node.Op!.Execute(inputs, node.Spec);
                map[node.Id] = builder.Constant(value);
                constants[map[node.Id]] = value;
                continue;
            }
            map[node.Id] = builder.Copy(node, map);
            if (node.Kind == NodeKind.Constant)
            {
                constants[map[node.Id]] = node.Value!;
            }
        }
        return new DeadCodeElimination().Run(builder.Finish(graph.Outputs.Select(o => map[o]).ToArray()));
    }
}
