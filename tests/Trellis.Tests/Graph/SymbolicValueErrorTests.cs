namespace Trellis.Tests.Graph;

/// <summary>Reading a symbolic tensor's value in C# while tracing (to branch on it) fails with a message saying what to do.</summary>
public class SymbolicValueErrorTests
{
    public static TheoryData<string> Reads => new() { "Item", "ItemOfComparison", "ToArray", "GetValue", "ToBytes", "WhileLoopCondition" };

    private static Tensor Body(string read, Tensor x) => read switch
    {
        "Item" => Ops.Sum(x).Item<float>() > 0 ? x : -x,
        "ItemOfComparison" => Ops.Greater(Ops.Sum(x), Tensor.Scalar(0f)).Item<bool>() ? x : -x,
        "ToArray" => x.ToArray<float>()[0] > 0 ? x : -x,
        "GetValue" => x.GetValue<float>(1) > 0 ? x : -x,
        "ToBytes" => x.ToBytes()[0] == 0 ? x : -x,
        _ => CSharpWhile(x),
    };

    private static Tensor CSharpWhile(Tensor x)
    {
        while (Ops.Max(x).Item<float>() > 1)
        {
            x *= 0.5;
        }
        return x;
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public void Trace_ReadsTensorValue_ClearErrorPointingToCondAndWhileLoop(string read)
    {
        var eager = Body(read, Tensor.Constant(new[] { 0.5f, 2f })); // fine eagerly
        Assert.Equal(2, eager.Size);
        var f = Function.Trace((Tensor x) => Body(read, x));
        var ex = Assert.Throws<InvalidOperationException>(() => f.Invoke(Tensor.Constant(new[] { 0.5f, 2f })));
        Assert.Contains("symbolic", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Ops.Cond/Ops.WhileLoop", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dtype", ex.Message, StringComparison.Ordinal); // says which tensor
        Assert.Equal(0, f.TraceCount); // a failed trace is not kept
    }

    [Fact]
    public void Trace_FailedTrace_LeavesNoTracerBehind()
    {
        var f = Function.Trace((Tensor x) => Ops.Sum(x).Item<float>() > 0 ? x : -x);
        Assert.Throws<InvalidOperationException>(() => f.Invoke(Tensor.Ones([2])));
        // Eager code on the same thread runs eagerly again.
        Assert.Equal(new[] { 2f, 2f }, (Tensor.Ones([2]) * 2).ToArray<float>());
    }
}
