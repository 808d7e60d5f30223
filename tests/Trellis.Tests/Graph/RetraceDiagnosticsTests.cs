namespace Trellis.Tests.Graph;

/// <summary>The retrace rules of issue #6: when a call traces, and what the excessive-retracing report says.</summary>
public class RetraceDiagnosticsTests
{
    [Fact]
    public void UnknownBatchDimension_EveryBatchSizeFrom1To1000_TracesOnce()
    {
        var f = Function.Trace((Tensor x) => Ops.Sum(x * 2, 1), [new TensorSpec([Shape.Unknown, 3], DType.Float32)], RetracePolicy.Throw);
        for (int batch = 1; batch <= 1000; batch++)
        {
            var result = f.Invoke(Tensor.Ones([batch, 3]));
            Assert.Equal(new Shape(batch), result.Shape);
        }
        Assert.Equal(6f, f.Invoke(Tensor.Ones([1000, 3])).ToArray<float>()[999]);
        Assert.Equal(1, f.TraceCount);
    }

    [Fact]
    public void FiveRetracesSpreadOverMoreThanTenCalls_NoReport()
    {
        // A new shape every third call: never 5 traces within 10 calls.
        var f = Function.Trace((Tensor x) => x + 1, retracePolicy: RetracePolicy.Throw);
        for (int call = 0; call < 30; call++)
        {
            f.Invoke(Tensor.Zeros([1 + call / 3]));
        }
        Assert.Equal(10, f.TraceCount);
    }

    [Fact]
    public void FiveRetracesWithinTenCalls_WithCachedCallsBetween_Reports()
    {
        var f = Function.Trace((Tensor x) => x + 1, retracePolicy: RetracePolicy.Throw, name: "interleaved");
        int[] sizes = [1, 1, 2, 2, 3, 3, 4, 4];
        foreach (int n in sizes)
        {
            f.Invoke(Tensor.Zeros([n]));
        }
        var ex = Assert.Throws<InvalidOperationException>(() => f.Invoke(Tensor.Zeros([5]))); // the 5th trace, 9th call
        Assert.Contains("traced 5 times in its last 9 calls", ex.Message, StringComparison.Ordinal);
        Assert.Contains("argument 0 changed from float32(4,) to float32(5,)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DTypeChange_ReportNamesOldAndNewDType()
    {
        var f = Function.Trace((Tensor x, Tensor y) => x * 2, retracePolicy: RetracePolicy.Throw);
        DType[] dtypes = [DType.Float32, DType.Float64, DType.Int32, DType.Int64];
        foreach (var d in dtypes)
        {
            f.Invoke(Tensor.Zeros([2], d), Tensor.Zeros([2]));
        }
        var ex = Assert.Throws<InvalidOperationException>(() => f.Invoke(Tensor.Zeros([3], DType.Int64), Tensor.Zeros([2])));
        Assert.Contains("argument 0 changed from int64(2,) to int64(3,)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("argument 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonTensorArgumentChanges_ReportNamesTheValue()
    {
        var f = Function.TraceWithValues(a => [(Tensor)a[0]! * (double)a[1]!], retracePolicy: RetracePolicy.Throw, name: "scale");
        var x = Tensor.Ones([2]);
        for (int i = 1; i <= 4; i++)
        {
            f.InvokeWithValues(x, (double)i);
        }
        var ex = Assert.Throws<InvalidOperationException>(() => f.InvokeWithValues(x, 5.0));
        Assert.Contains("'scale'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("argument 1 changed from Double=4 to Double=5", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pass changing numbers as tensors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IgnorePolicy_NeverReports()
    {
        var f = Function.Trace((Tensor x) => x + 1, retracePolicy: RetracePolicy.Ignore);
        for (int n = 1; n <= 20; n++)
        {
            f.Invoke(Tensor.Zeros([n]));
        }
        Assert.Equal(20, f.TraceCount);
    }
}
