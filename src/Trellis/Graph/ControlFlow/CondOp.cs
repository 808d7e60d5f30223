using Trellis.Internal;
using Trellis.Operations;

namespace Trellis.Graph.ControlFlow;

/// <summary>
/// if/else inside a traced graph: inputs are the bool predicate and the outer tensors either branch reads; each branch
/// is a subgraph taking those tensors (in its own order, given by its argument map).
/// </summary>
/// <remarks>
/// When it runs on concrete tensors the chosen branch's ops go through the dispatcher, so an enclosing tape records
/// them and the gradient flows through them; the op's own rule then adds nothing. Differentiated symbolically (a tape
/// inside a traced function), the gradient is itself a Cond of the branches' gradients.
/// </remarks>
internal sealed class CondOp(Subgraph whenTrue, Subgraph whenFalse, int[] trueArguments, int[] falseArguments) : Op, ISubgraphOp
{
    public Subgraph WhenTrue { get; } = whenTrue;
    public Subgraph WhenFalse { get; } = whenFalse;
    public override string Name => "Cond";
    public override object?[] ConstructorArguments => [WhenTrue, WhenFalse, trueArguments, falseArguments];
    public IReadOnlyList<(string Label, Subgraph Graph)> Subgraphs => [("then", WhenTrue), ("else", WhenFalse)];

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (inputs[0].DType != DType.Bool || inputs[0].Shape.Rank != 0)
        {
            ThrowHelper.OpInput(Name, "a scalar bool predicate", inputs[0]);
        }
        TensorSpec t = WhenTrue.Outputs[0], f = WhenFalse.Outputs[0];
        if (t != f)
        {
            throw new ArgumentException($"Cond: both branches must return the same shape and dtype, but the true branch returns {t} and the false branch {f}.");
        }
        return t;
    }

    public override Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        bool pred = inputs[0].Item<bool>();
        var captures = inputs[1..].ToArray();
        return pred ? WhenTrue.Run(Select(captures, trueArguments))[0] : WhenFalse.Run(Select(captures, falseArguments))[0];
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output) =>
        Execute(inputs, new TensorSpec(output.Shape, output.DType)).BytesView().CopyTo(output.BytesView());

    public override Tensor?[] Gradient(GradientContext g)
    {
        var result = new Tensor?[g.Inputs.Length];
        if (!g.Output.IsSymbolic)
        {
            return result; // the branch's own ops were recorded and carry the gradient
        }
        Tensor[] captures = g.Inputs[1..];
        for (int i = 0; i < captures.Length; i++)
        {
            if (!captures[i].DType.IsFloating())
            {
                continue;
            }
            int k = i;
            result[1 + i] = Ops.Cond(g.Inputs[0],
                () => BranchGradient(WhenTrue, trueArguments, captures, k, g.Upstream),
                () => BranchGradient(WhenFalse, falseArguments, captures, k, g.Upstream));
        }
        return result;
    }

    /// <summary>d(branch output)/d(capture k) · upstream, by running the branch under a tape.</summary>
    private static Tensor BranchGradient(Subgraph branch, int[] map, Tensor[] captures, int k, Tensor upstream)
    {
        using var tape = new GradientTape();
        tape.Watch(captures);
        Tensor y = branch.Run(Select(captures, map))[0];
        return tape.Gradient(y, [captures[k]], UnconnectedGradients.Zero, upstream)[0]!;
    }

    private static Tensor[] Select(Tensor[] captures, int[] map) => map.Select(i => captures[i]).ToArray();
}
