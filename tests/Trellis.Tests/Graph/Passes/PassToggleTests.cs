using System.Reflection;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Graph.Passes;

/// <summary>
/// Each graph option (every pass, planned execution, in-place updates) turned off alone, and turned on alone, gives
/// the results of the graph as traced: bit for bit unless a fusion pass runs (then within 1e-6).
/// </summary>
public class PassToggleTests
{
    /// <summary>Every bool option of <see cref="GraphOptions"/>, found by reflection so a new pass is included.</summary>
    private static readonly PropertyInfo[] Flags = typeof(GraphOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.PropertyType == typeof(bool)).ToArray();

    private static GraphOptions With(GraphOptions options, PropertyInfo flag, bool value)
    {
        var copy = options with { };
        flag.SetValue(copy, value);
        return copy;
    }

    private static bool Fuses(GraphOptions o) => o.ElementwiseFusion || o.MatMulBiasActivationFusion;

    public static TheoryData<string> Names => new(OpCoverageTests.AllCases().Keys);

    [Fact]
    public void Flags_CoverEveryPass()
    {
        Assert.Equal(8, Flags.Length); // six passes, planned execution, in-place updates: update the count with a new option
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EachOptionOffAlone_AndOnAlone_SameResults(string name)
    {
        var (f, shapes) = OpCoverageTests.AllCases()[name];
        var args = OpCoverageTests.Arguments(shapes);
        var reference = GraphOptions.None with { PlannedExecution = false, InPlaceUpdates = false };
        Tensor expected = Function.Trace(a => [f(a)], options: reference).InvokeAll(args)[0];
        foreach (var flag in Flags)
        {
            var everyPassButFusion = GraphOptions.Default with { ElementwiseFusion = false, MatMulBiasActivationFusion = false };
            foreach (var options in new[] { With(GraphOptions.Default, flag, false), With(reference, flag, true), With(everyPassButFusion, flag, false) })
            {
                Tensor actual = Function.Trace(a => [f(a)], options: options).InvokeAll(args)[0];
                string context = $"{name}, {flag.Name} toggled: {options}";
                if (Fuses(options))
                {
                    TensorAssert.Close(expected, actual, rtol: 1e-6, atol: 1e-7, context: context);
                }
                else
                {
                    TensorAssert.BitEqual(expected, actual, context);
                }
            }
        }
    }
}
