using Trellis.Operations;

namespace Trellis.Graph.ControlFlow;

/// <summary>The values a <see cref="WhileOp"/> ends with, carried to its <see cref="LoopResultOp"/> readers.</summary>
internal sealed class LoopResults(Tensor[] values) : Tensor(Shape.Scalar, DType.Bool, new bool[1])
{
    public Tensor[] Values { get; } = values;
}

/// <summary>
/// A while loop in a traced graph. Inputs: the loop variables, then the outer tensors the condition or body read.
/// Output: a token from which <see cref="LoopResultOp"/> reads each final loop variable (ops have one output).
/// </summary>
/// <remarks>
/// Run on concrete tensors, each iteration's ops go through the dispatcher, so an enclosing tape records them and
/// gradients flow through the loop (the loop op adds nothing itself).
/// </remarks>
internal sealed class WhileOp(Subgraph condition, Subgraph body, TensorSpec[] loopSpecs, int[] conditionArguments, int[] bodyArguments, int maximumIterations) : Op
{
    public override string Name => "While";
    public override string AttributeText => $"maximumIterations={maximumIterations}";

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
        return new TensorSpec(Shape.Scalar, DType.Bool);
    }

    public override Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        int n = loopSpecs.Length;
        Tensor[] vars = inputs[..n].ToArray();
        Tensor[] captures = inputs[n..].ToArray();
        Tensor[] cCaps = conditionArguments.Select(i => captures[i]).ToArray();
        Tensor[] bCaps = bodyArguments.Select(i => captures[i]).ToArray();
        for (int iteration = 0; iteration < maximumIterations && condition.Run([.. vars, .. cCaps])[0].Item<bool>(); iteration++)
        {
            vars = body.Run([.. vars, .. bCaps]);
        }
        return new LoopResults(vars);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output) =>
        throw new InvalidOperationException("While runs through Execute.");

    public override Tensor?[] Gradient(GradientContext g)
    {
        if (g.Output.IsSymbolic)
        {
            throw new NotSupportedException(
                "Gradients of Ops.WhileLoop taken inside a traced function are not supported yet. " +
                "Take the gradient with a GradientTape around the call of the traced function instead: the loop's iterations are recorded there.");
        }
        return new Tensor?[g.Inputs.Length];
    }
}

/// <summary>Reads loop variable <paramref name="index"/> from a <see cref="WhileOp"/>'s token.</summary>
internal sealed class LoopResultOp(int index, TensorSpec spec) : Op
{
    public override string Name => "LoopResult";
    public override string AttributeText => $"index={index}";
    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs) => spec;
    public override Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output) => ((LoopResults)inputs[0]).Values[index];
    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output) =>
        ((LoopResults)inputs[0]).Values[index].BytesView().CopyTo(output.BytesView());
    public override Tensor?[] Gradient(GradientContext g) => [null];
}
