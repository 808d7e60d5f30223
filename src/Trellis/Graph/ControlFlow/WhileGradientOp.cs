using Trellis.Operations;

namespace Trellis.Graph.ControlFlow;

/// <summary>
/// The gradient of a <see cref="WhileOp"/> taken inside a traced function. Inputs: dL/d(result i) for each
/// differentiated result i, then the loop's own inputs (initial loop variables, captured tensors). Output: a token
/// holding dL/d(input) for each loop input, read by <see cref="LoopResultOp"/>.
/// </summary>
/// <remarks>
/// When the graph runs, the loop is run again under a tape (the trip count is only known then) and the tape's
/// backward pass gives every input's gradient in one sweep: the same gradient rules, in the same order, as a tape
/// around the eager loop, at the price of a second forward pass.
/// </remarks>
internal sealed class WhileGradientOp(Subgraph condition, Subgraph body, TensorSpec[] loopSpecs, int[] conditionArguments, int[] bodyArguments, int maximumIterations, int[] differentiated) : Op, ISubgraphOp
{
    private readonly LoopDefinition _loop = new(condition, body, loopSpecs, conditionArguments, bodyArguments, maximumIterations);

    public override string Name => "WhileGradient";
    public override string AttributeText => $"maximumIterations={maximumIterations}, results=[{string.Join(", ", differentiated)}]";
    public override object?[] ConstructorArguments => [condition, body, loopSpecs, conditionArguments, bodyArguments, maximumIterations, differentiated];
    public IReadOnlyList<(string Label, Subgraph Graph)> Subgraphs => [("cond", condition), ("body", body)];

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (inputs.Length < differentiated.Length + loopSpecs.Length)
        {
            throw new ArgumentException($"WhileGradient: expected {differentiated.Length} upstream gradients and {loopSpecs.Length} loop variables, but received {inputs.Length} inputs.");
        }
        return LoopResults.Spec;
    }

    public override Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        int u = differentiated.Length, n = loopSpecs.Length;
        Tensor[] upstream = inputs[..u].ToArray();
        // Fresh tensors for the initial values: a loop variable may be the very tensor the body also captures, and the
        // two inputs must receive their own parts of the gradient, not both the sum. Identity (not a bare copy) keeps
        // the path visible to an enclosing tape (second derivatives).
        Tensor[] initial = inputs[u..(u + n)].ToArray().Select(Ops.Identity).ToArray();
        Tensor[] captures = inputs[(u + n)..].ToArray();
        Tensor[] sources = [.. initial, .. captures];
        using var tape = new GradientTape();
        tape.Watch(sources.Where(s => s.DType.IsFloating()).ToArray());
        Tensor[] final = _loop.Iterate(initial, captures);
        // One scalar whose gradient with respect to result i is exactly upstream i (d Σ(r·u)/dr = 1·u).
        Tensor? target = null;
        for (int k = 0; k < u; k++)
        {
            Tensor term = Ops.Sum(final[differentiated[k]] * upstream[k]);
            term = term.DType == DType.Float64 ? term : Ops.Cast(term, DType.Float64);
            target = target is null ? term : target + term;
        }
        Tensor?[] grads = tape.Gradient(target!, sources, UnconnectedGradients.Zero);
        return new LoopResults(grads.Select((gr, i) => gr ?? Ops.ZerosLike(sources[i])).ToArray());
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output) =>
        throw new InvalidOperationException("WhileGradient runs through Execute.");

    public override Tensor?[] Gradient(GradientContext g)
    {
        if (g.Output.IsSymbolic)
        {
            throw new NotSupportedException(
                "Second derivatives through Ops.WhileLoop inside a traced function are not supported. " +
                "Take the outer derivative with a GradientTape around the call of the traced function instead.");
        }
        return new Tensor?[g.Inputs.Length]; // run on values: the backward loop's own ops were recorded
    }
}
