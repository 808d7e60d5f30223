using Trellis.Operations;

namespace Trellis.Graph.Ir;

/// <summary>One node of a traced graph. Nodes are in topological order: inputs always have smaller ids.</summary>
internal sealed class Node
{
    public required int Id { get; init; }
    public required NodeKind Kind { get; init; }
    public required TensorSpec Spec { get; init; }

    /// <summary>The op, for <see cref="NodeKind.Op"/> nodes.</summary>
    public Op? Op { get; init; }

    /// <summary>Input node ids, for op nodes.</summary>
    public int[] Inputs { get; init; } = [];

    /// <summary>The argument index, for argument nodes.</summary>
    public int ArgumentIndex { get; init; }

    /// <summary>The value, for constant and capture nodes (a <see cref="Variable"/> for captures).</summary>
    public Tensor? Value { get => _value; init => _value = value?.Pin(); }

    // Pinned: the graph keeps its constants for every later call, so no TensorScope may release them.
    private readonly Tensor? _value;

    /// <summary>One line of the graph dump: <c>%3 = Add(%1, %2) : float32(None, 10)</c>.</summary>
    public override string ToString() => Kind switch
    {
        NodeKind.Argument => $"%{Id} = arg{ArgumentIndex} : {Spec}",
        NodeKind.Constant => $"%{Id} = const {(Value!.Size <= 8 ? Tensors.TensorFormatter.FormatValues(Value) : "<" + Value.Size + " values>")} : {Spec}",
        NodeKind.Capture => $"%{Id} = capture '{((Variable)Value!).Name}' : {Spec}",
        _ => $"%{Id} = {Op}({string.Join(", ", Inputs.Select(i => "%" + i))}) : {Spec}",
    };
}
