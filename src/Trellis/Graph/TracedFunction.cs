using Trellis.Graph;

namespace Trellis;

/// <summary>
/// A C# function traced into graphs, one per input signature (TensorFlow's <c>tf.function</c>). Calls with a
/// signature seen before reuse its graph; a new dtype or shape traces again (see <see cref="TraceCount"/>).
/// </summary>
/// <remarks>
/// Tracing runs the C# body once with symbolic tensors: C# side effects (logging, counters) happen only then, not on
/// later calls, as in TensorFlow. Branching on a tensor's value inside the body is an error: the value is not known
/// while tracing. Variables are captured by reference, so a call reads their current values.
/// </remarks>
public sealed class TracedFunction
{
    private readonly Func<Tensor[], Tensor[]> _body;
    private readonly TensorSpec[]? _inputSignature;
    private readonly Dictionary<string, ConcreteFunction> _traces = [];
    private readonly object _gate = new();

    internal TracedFunction(Func<Tensor[], Tensor[]> body, TensorSpec[]? inputSignature)
    {
        _body = body;
        _inputSignature = inputSignature;
    }

    /// <summary>How many times the body has been traced.</summary>
    public int TraceCount { get; private set; }

    /// <summary>Calls the function and returns its first output.</summary>
    public Tensor Invoke(params Tensor[] arguments) => InvokeAll(arguments)[0];

    /// <summary>Calls the function and returns all its outputs.</summary>
    /// <exception cref="ArgumentException">An argument does not fit the declared input signature.</exception>
    public Tensor[] InvokeAll(params Tensor[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var specs = arguments.Select(a => new TensorSpec(a.Shape, a.DType)).ToArray();
        return GetConcreteFunction(specs).Invoke(arguments);
    }

    /// <summary>The graph for a signature, tracing it if needed.</summary>
    /// <exception cref="ArgumentException">The specs do not fit the declared input signature.</exception>
    public ConcreteFunction GetConcreteFunction(params TensorSpec[] specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        TensorSpec[] signature = specs;
        if (_inputSignature is not null)
        {
            CheckSpecs(_inputSignature, specs);
            signature = _inputSignature;
        }
        string key = string.Join(";", signature.Select(s => s.ToString()));
        lock (_gate)
        {
            if (!_traces.TryGetValue(key, out var concrete))
            {
                concrete = new ConcreteFunction(Tracer.Trace(signature, _body));
                _traces[key] = concrete;
                TraceCount++;
            }
            return concrete;
        }
    }

    internal static void CheckArguments(IReadOnlyList<TensorSpec> signature, Tensor[] arguments) =>
        CheckSpecs(signature, arguments.Select(a => new TensorSpec(a.Shape, a.DType)).ToArray());

    private static void CheckSpecs(IReadOnlyList<TensorSpec> signature, TensorSpec[] specs)
    {
        if (specs.Length != signature.Count)
        {
            throw new ArgumentException($"The function takes {signature.Count} tensor arguments, but received {specs.Length}.");
        }
        for (int i = 0; i < specs.Length; i++)
        {
            TensorSpec want = signature[i], got = specs[i];
            bool fits = want.DType == got.DType && want.Shape.Rank == got.Shape.Rank;
            for (int d = 0; fits && d < want.Shape.Rank; d++)
            {
                fits = want.Shape.Dims[d] == Shape.Unknown || want.Shape.Dims[d] == got.Shape.Dims[d];
            }
            if (!fits)
            {
                throw new ArgumentException($"Argument {i} is {got}, which does not fit the input signature {want}.");
            }
        }
    }
}
