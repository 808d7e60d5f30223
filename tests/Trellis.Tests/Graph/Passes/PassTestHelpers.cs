using Trellis.Graph.Execution;
using Trellis.Graph.Ir;
using Trellis.Graph.Passes;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Graph.Passes;

internal static class PassTestHelpers
{
    /// <summary>Traces <paramref name="f"/> with no passes for the given specs.</summary>
    public static FunctionGraph Raw(Func<Tensor[], Tensor[]> f, params TensorSpec[] specs) =>
        Function.Trace(f, options: GraphOptions.None).GetConcreteFunction(specs).Graph;

    public static int CountOps(FunctionGraph g, string name) => g.Nodes.Count(n => n.Kind == NodeKind.Op && n.Op!.Name == name);

    public static int CountOps(FunctionGraph g) => g.Nodes.Count(n => n.Kind == NodeKind.Op);

    /// <summary>Runs both graphs on the same arguments and checks equal results.</summary>
    public static void AssertSameResults(FunctionGraph before, FunctionGraph after, Tensor[] args, double rtol = 0)
    {
        var a = GraphExecutor.Run(before, args);
        var b = GraphExecutor.Run(after, args);
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++)
        {
            if (rtol == 0)
            {
                TensorAssert.BitEqual(a[i], b[i], $"output {i}");
            }
            else
            {
                TensorAssert.Close(a[i], b[i], rtol, rtol, $"output {i}");
            }
        }
    }

    public static IGraphPass[] All => [new AlgebraicSimplification(), new ConstantFolding(), new CommonSubexpressionElimination(), new ElementwiseFusion(), new DeadCodeElimination()];
}
