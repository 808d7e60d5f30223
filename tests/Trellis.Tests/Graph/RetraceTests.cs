using Microsoft.Extensions.Logging;

namespace Trellis.Tests.Graph;

[Collection("Function.Logger")]
public class RetraceTests
{
    [Fact]
    public void FrequentRetracing_ThrowPolicy_NamesArgumentAndChange()
    {
        var f = Function.Trace((Tensor x, Tensor y) => x + Ops.Sum(y), retracePolicy: RetracePolicy.Throw, name: "step");
        var y = Tensor.Ones([2]);
        for (int n = 1; n <= 4; n++)
        {
            f.Invoke(Tensor.Zeros([n]), y);
        }
        var ex = Assert.Throws<InvalidOperationException>(() => f.Invoke(Tensor.Zeros([5]), y));
        Assert.Contains("'step'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("argument 0 changed from float32(4,) to float32(5,)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("argument 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameSignatureCalls_NeverWarn()
    {
        var f = Function.Trace((Tensor x) => x * 3, retracePolicy: RetracePolicy.Throw);
        for (int i = 0; i < 50; i++)
        {
            f.Invoke(Tensor.Ones([4]));
        }
        Assert.Equal(1, f.TraceCount);
    }

    [Fact]
    public void FrequentRetracing_WarnPolicy_LogsExactlyOnce()
    {
        var logger = new ListLogger();
        var previous = Function.Logger;
        Function.Logger = logger;
        try
        {
            var f = Function.Trace((Tensor x) => x * 3);
            for (int n = 1; n <= 12; n++)
            {
                f.Invoke(Tensor.Zeros([n]));
            }
        }
        finally
        {
            Function.Logger = previous;
        }
        var warning = Assert.Single(logger.Messages);
        Assert.Contains("argument 0 changed from float32(4,) to float32(5,)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void TraceWithValues_NonTensorArgumentsKeyTheTraceByValue()
    {
        int bodyRuns = 0;
        var f = Function.TraceWithValues(a =>
        {
            bodyRuns++; // a C# side effect: runs only while tracing
            return [(Tensor)a[0]! * (double)a[1]!];
        });
        var x = Tensor.Constant(new[] { 1f, 2f });
        Assert.Equal(new[] { 2f, 4f }, f.InvokeWithValues(x, 2.0)[0].ToArray<float>());
        Assert.Equal(new[] { 2f, 4f }, f.InvokeWithValues(x, 2.0)[0].ToArray<float>());
        Assert.Equal(new[] { 3f, 6f }, f.InvokeWithValues(x, 3.0)[0].ToArray<float>());
        Assert.Equal(2, f.TraceCount);
        Assert.Equal(2, bodyRuns);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Messages { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Messages.Add(formatter(state, exception));
            }
        }
    }
}
