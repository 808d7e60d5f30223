using System.Text;

namespace Trellis.Graph.Ir;

/// <summary>A traced function: nodes in topological order and the ids of its outputs.</summary>
internal sealed class FunctionGraph
{
    public List<Node> Nodes { get; } = [];

    public int[] Outputs { get; set; } = [];

    /// <summary>The side-effect nodes (variable assignments) in execution order; they run even when no output reads them.</summary>
    public int[] SideEffectNodes => Nodes.Where(SideEffects.IsSideEffect).Select(n => n.Id).ToArray();

    /// <summary>The argument specs this graph was traced for (a branch subgraph appends its captured outer tensors).</summary>
    public required TensorSpec[] Signature { get; set; }

    /// <summary>A readable listing, one node a line, then the outputs; Cond branches and loop bodies follow their op, indented.</summary>
    public string Dump()
    {
        var sb = new StringBuilder();
        Dump(sb, "");
        return sb.ToString();
    }

    private void Dump(StringBuilder sb, string indent)
    {
        sb.Append("graph(").AppendJoin(", ", Signature.Select(s => s.ToString())).AppendLine(") {");
        foreach (var node in Nodes)
        {
            sb.Append(indent).Append("  ").AppendLine(node.ToString());
            if (node.Op is ControlFlow.ISubgraphOp control)
            {
                foreach (var (label, subgraph) in control.Subgraphs)
                {
                    sb.Append(indent).Append("    %").Append(node.Id).Append(' ').Append(label).Append(": ");
                    subgraph.Graph.Dump(sb, indent + "    ");
                    sb.AppendLine();
                }
            }
        }
        sb.Append(indent).Append("  return ").AppendJoin(", ", Outputs.Select(o => "%" + o)).AppendLine();
        sb.Append(indent).Append('}');
    }
}
