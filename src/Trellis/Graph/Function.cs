using System.Diagnostics.CodeAnalysis;

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
    /// <summary>Traces a function of one tensor.</summary>
    /// <param name="body">The function.</param>
    /// <param name="inputSignature">Optional argument specs; unknown dimensions (-1) give one trace for all sizes.</param>
    public static TracedFunction Trace(Func<Tensor, Tensor> body, TensorSpec[]? inputSignature = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new TracedFunction(a => [body(a[0])], inputSignature);
    }

    /// <summary>Traces a function of two tensors.</summary>
    public static TracedFunction Trace(Func<Tensor, Tensor, Tensor> body, TensorSpec[]? inputSignature = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new TracedFunction(a => [body(a[0], a[1])], inputSignature);
    }

    /// <summary>Traces a function of three tensors.</summary>
    public static TracedFunction Trace(Func<Tensor, Tensor, Tensor, Tensor> body, TensorSpec[]? inputSignature = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new TracedFunction(a => [body(a[0], a[1], a[2])], inputSignature);
    }

    /// <summary>Traces a function of four tensors.</summary>
    public static TracedFunction Trace(Func<Tensor, Tensor, Tensor, Tensor, Tensor> body, TensorSpec[]? inputSignature = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new TracedFunction(a => [body(a[0], a[1], a[2], a[3])], inputSignature);
    }

    /// <summary>Traces a function of any number of tensors with any number of outputs.</summary>
    public static TracedFunction Trace(Func<Tensor[], Tensor[]> body, TensorSpec[]? inputSignature = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new TracedFunction(body, inputSignature);
    }
}
