namespace Trellis.Models;

/// <summary>
/// One of a model's traced steps (train, test or predict; Keras's <c>train_function</c>...): traced once per argument
/// signature (shapes and dtypes), then run on the concrete function's planned buffers.
/// </summary>
/// <remarks>A batch size that differs from the last one (the epoch's last, smaller batch) gets its own trace; both are
/// kept. The outputs of <see cref="Run"/> are borrowed: valid until the next call.</remarks>
internal sealed class CompiledStep
{
    private readonly string _modelName;
    private readonly TracedFunction _function;
    private readonly List<(TensorSpec[] Specs, ConcreteFunction Function)> _traces = [];

    public CompiledStep(string modelName, string stepName, Func<Tensor[], Tensor[]> body)
    {
        _modelName = modelName;
        _function = Function.Trace(body, name: $"{modelName}.{stepName}");
    }

    /// <summary>How many signatures have been traced.</summary>
    public int TraceCount => _traces.Count;

    /// <summary>The concrete functions traced so far (tests read their graphs).</summary>
    public IEnumerable<ConcreteFunction> Functions => _traces.Select(t => t.Function);

    /// <summary>Runs the step, tracing it first for a new signature.</summary>
    /// <exception cref="InvalidOperationException">Tracing failed; the message says how to run eagerly instead.</exception>
    public ReadOnlySpan<Tensor> Run(ReadOnlySpan<Tensor> arguments) => Lookup(arguments).InvokeBorrowed(arguments);

    /// <summary>The concrete function for these arguments, traced on first use.</summary>
    public ConcreteFunction Lookup(ReadOnlySpan<Tensor> arguments)
    {
        foreach (var (specs, function) in _traces)
        {
            if (Matches(specs, arguments))
            {
                return function;
            }
        }
        var signature = new TensorSpec[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            signature[i] = new TensorSpec(arguments[i].Shape, arguments[i].DType);
        }
        ConcreteFunction traced;
        try
        {
            traced = _function.GetConcreteFunction(signature);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
        {
            throw new InvalidOperationException(
                $"Model '{_modelName}': its step could not be traced into a graph ({e.Message}). Compile the model with runEagerly: true to run it op by op, or change the code that needs concrete values.", e);
        }
        _traces.Add((signature, traced));
        return traced;
    }

    private static bool Matches(TensorSpec[] specs, ReadOnlySpan<Tensor> arguments)
    {
        if (specs.Length != arguments.Length)
        {
            return false;
        }
        for (int i = 0; i < specs.Length; i++)
        {
            if (specs[i].DType != arguments[i].DType || specs[i].Shape != arguments[i].Shape)
            {
                return false;
            }
        }
        return true;
    }
}
