namespace Trellis.Graph.ControlFlow;

/// <summary>What a traced while loop is: condition and body subgraphs, the loop variables' specs, which captured outer tensors each subgraph reads, and the iteration bound.</summary>
internal sealed record LoopDefinition(Subgraph Condition, Subgraph Body, TensorSpec[] LoopSpecs, int[] ConditionArguments, int[] BodyArguments, int MaximumIterations)
{
    /// <summary>Runs the loop on concrete tensors (each iteration's ops through the dispatcher) and returns the final loop variables.</summary>
    public Tensor[] Iterate(Tensor[] variables, Tensor[] captures)
    {
        Tensor[] cCaps = ConditionArguments.Select(i => captures[i]).ToArray();
        Tensor[] bCaps = BodyArguments.Select(i => captures[i]).ToArray();
        for (int iteration = 0; iteration < MaximumIterations && Condition.Run([.. variables, .. cCaps])[0].Item<bool>(); iteration++)
        {
            variables = Body.Run([.. variables, .. bCaps]);
        }
        return variables;
    }
}
