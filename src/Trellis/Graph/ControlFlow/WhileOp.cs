using Trellis.Operations;

namespace Trellis.Graph.ControlFlow;

/// <summary>
/// A while loop in a traced graph. Inputs: the loop variables, then the outer tensors (and variables) the condition or
/// body read. Output: a token from which <see cref="LoopResultOp"/> reads each final loop variable (ops have one output).
/// </summary>
/// <remarks>
/// Run on concrete tensors, each iteration's ops go through the dispatcher, so an enclosing tape records them and
/// gradients flow through the loop (the loop op adds nothing itself). Differentiated symbolically (a tape inside a
/// traced function), its gradient is a <see cref="WhileGradientOp"/>: one backward loop for all differentiated results.
/// </remarks>
internal sealed class WhileOp(Subgraph condition, Subgraph body, TensorSpec[] loopSpecs, int[] conditionArguments, int[] bodyArguments, int maximumIterations) : Op, ISubgraphOp
{
    private readonly LoopDefinition _loop = new(condition, body, loopSpecs, conditionArguments, bodyArguments, maximumIterations);

    public override string Name => "While";
    public override string AttributeText => $"maximumIterations={maximumIterations}";
    public override object?[] ConstructorArguments => [condition, body, loopSpecs, conditionArguments, bodyArguments, maximumIterations];
    public IReadOnlyList<(string Label, Subgraph Graph)> Subgraphs => [("cond", condition), ("body", body)];

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (condition.Outputs[0] is not { DType: DType.Bool, Shape.Rank: 0 })
        {
            throw new ArgumentException($"WhileLoop: the condition must return a scalar bool, but returns {condition.Outputs[0]}.");
        }
        var outs = body.Outputs;
        if (outs.Count != loopSpecs.Length)
        {
            throw new ArgumentException($"WhileLoop: the body must return {loopSpecs.Length} tensors (one per loop variable), but returns {outs.Count}.");
        }
        for (int i = 0; i < outs.Count; i++)
        {
            if (outs[i] != loopSpecs[i])
            {
                throw new ArgumentException($"WhileLoop: loop variable {i} enters as {loopSpecs[i]} but the body returns {outs[i]}; a loop variable must keep its shape and dtype.");
            }
        }
        return LoopResults.Spec;
    }

    public override Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        int n = loopSpecs.Length;
        return new LoopResults(_loop.Iterate(inputs[..n].ToArray(), inputs[n..].ToArray()));
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output) =>
        throw new InvalidOperationException("While runs through Execute.");

    public override Tensor?[] Gradient(GradientContext g)
    {
        var result = new Tensor?[g.Inputs.Length];
        if (!g.Output.IsSymbolic)
        {
            return result; // run on values: the iterations' own ops were recorded and carry the gradient
        }
        int n = loopSpecs.Length;
        Tensor?[] upstream = LoopGradients.Take(g.Output, n);
        int[] differentiated = Enumerable.Range(0, n).Where(i => upstream[i] is not null && loopSpecs[i].DType.IsFloating()).ToArray();
        if (differentiated.Length == 0)
        {
            return result;
        }
        var backward = new WhileGradientOp(condition, body, loopSpecs, conditionArguments, bodyArguments, maximumIterations, differentiated);
        Tensor token = OpDispatcher.Run(backward, [.. differentiated.Select(i => upstream[i]!), .. g.Inputs]);
        for (int k = 0; k < g.Inputs.Length; k++)
        {
            var input = g.Inputs[k];
            if (input.DType.IsFloating())
            {
                result[k] = OpDispatcher.Run(new LoopResultOp(k, new TensorSpec(input.Shape, input.DType)), token);
            }
        }
        return result;
    }
}
