using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Trellis;

/// <summary>Turns C# functions of tensors into traced graph functions.</summary>
/// <example>
/// <code>
/// var myFunction = Function.Trace((Tensor x) => x * 2);
/// Tensor result = myFunction.Invoke(Tensor.Constant(new[] { 1, 2, 3 }));   // Tensor([2 4 6], shape=(3,), dtype=int32)
/// </code>
/// </example>
[SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Function is the tf.function concept; VB's keyword is not a concern for this API.")]
public static class Function
{
    /// <summary>Where traced functions report diagnostics (retracing warnings). Defaults to a logger that discards.</summary>
    public static ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Traces a function of one tensor.</summary>
    /// <param name="body">The function.</param>
    /// <param name="inputSignature">Optional argument specs; unknown dimensions (-1) give one trace for all sizes.</param>
    /// <param name="retracePolicy">What to do when the function retraces often.</param>
    /// <param name="name">A name for dumps and diagnostics.</param>
    /// <param name="options">Which optimization passes run on each trace (all by default).</param>
    public static TracedFunction Trace(Func<Tensor, Tensor> body, TensorSpec[]? inputSignature = null, RetracePolicy retracePolicy = RetracePolicy.Warn, string? name = null, GraphOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new TracedFunction(a => [body((Tensor)a[0]!)], inputSignature, name ?? body.Method.Name, retracePolicy, options ?? GraphOptions.Default);
    }

    /// <summary>Traces a function of two tensors.</summary>
    /// <inheritdoc cref="Trace(Func{Tensor, Tensor}, TensorSpec[], RetracePolicy, string, GraphOptions)" path="/param"/>
    public static TracedFunction Trace(Func<Tensor, Tensor, Tensor> body, TensorSpec[]? inputSignature = null, RetracePolicy retracePolicy = RetracePolicy.Warn, string? name = null, GraphOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new TracedFunction(a => [body((Tensor)a[0]!, (Tensor)a[1]!)], inputSignature, name ?? body.Method.Name, retracePolicy, options ?? GraphOptions.Default);
    }

    /// <summary>Traces a function of three tensors.</summary>
    /// <inheritdoc cref="Trace(Func{Tensor, Tensor}, TensorSpec[], RetracePolicy, string, GraphOptions)" path="/param"/>
    public static TracedFunction Trace(Func<Tensor, Tensor, Tensor, Tensor> body, TensorSpec[]? inputSignature = null, RetracePolicy retracePolicy = RetracePolicy.Warn, string? name = null, GraphOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new TracedFunction(a => [body((Tensor)a[0]!, (Tensor)a[1]!, (Tensor)a[2]!)], inputSignature, name ?? body.Method.Name, retracePolicy, options ?? GraphOptions.Default);
    }

    /// <summary>Traces a function of four tensors.</summary>
    /// <inheritdoc cref="Trace(Func{Tensor, Tensor}, TensorSpec[], RetracePolicy, string, GraphOptions)" path="/param"/>
    public static TracedFunction Trace(Func<Tensor, Tensor, Tensor, Tensor, Tensor> body, TensorSpec[]? inputSignature = null, RetracePolicy retracePolicy = RetracePolicy.Warn, string? name = null, GraphOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new TracedFunction(a => [body((Tensor)a[0]!, (Tensor)a[1]!, (Tensor)a[2]!, (Tensor)a[3]!)], inputSignature, name ?? body.Method.Name, retracePolicy, options ?? GraphOptions.Default);
    }

    /// <summary>Traces a function of any number of tensors with any number of outputs.</summary>
    /// <inheritdoc cref="Trace(Func{Tensor, Tensor}, TensorSpec[], RetracePolicy, string, GraphOptions)" path="/param"/>
    public static TracedFunction Trace(Func<Tensor[], Tensor[]> body, TensorSpec[]? inputSignature = null, RetracePolicy retracePolicy = RetracePolicy.Warn, string? name = null, GraphOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new TracedFunction(a => body(a.Cast<Tensor>().ToArray()), inputSignature, name ?? body.Method.Name, retracePolicy, options ?? GraphOptions.Default);
    }

    /// <summary>
    /// Traces a function of mixed arguments: tensors become symbolic inputs (keyed by dtype and shape); every other
    /// value (numbers, strings, flags) is fixed in the trace and keyed by value, so a new value traces again.
    /// Call it with <see cref="TracedFunction.InvokeWithValues"/>.
    /// </summary>
    /// <inheritdoc cref="Trace(Func{Tensor, Tensor}, TensorSpec[], RetracePolicy, string, GraphOptions)" path="/param"/>
    public static TracedFunction TraceWithValues(Func<object?[], Tensor[]> body, TensorSpec[]? inputSignature = null, RetracePolicy retracePolicy = RetracePolicy.Warn, string? name = null, GraphOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new TracedFunction(body, inputSignature, name ?? body.Method.Name, retracePolicy, options ?? GraphOptions.Default);
    }
}
