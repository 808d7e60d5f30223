using System.Globalization;
using Trellis.Graph;
using Trellis.Graph.Passes;

namespace Trellis;

/// <summary>
/// A C# function traced into graphs, one per input signature (TensorFlow's <c>tf.function</c>). Calls with a
/// signature seen before reuse its graph; a new dtype or shape, or a new value of a non-tensor argument, traces
/// again (see <see cref="TraceCount"/>).
/// </summary>
/// <remarks>
/// Tracing runs the C# body once with symbolic tensors: C# side effects (logging, counters) happen only then, not on
/// later calls, as in TensorFlow. Branching on a tensor's value inside the body is an error: the value is not known
/// while tracing. Variables are captured by reference, so a call reads their current values.
/// </remarks>
public sealed class TracedFunction
{
    private readonly Func<object?[], Tensor[]> _body;
    private readonly TensorSpec[]? _inputSignature;
    private readonly Dictionary<string, ConcreteFunction> _traces = [];
    private readonly List<(TensorSpec[] Key, ConcreteFunction Function)> _tensorTraces = []; // all-tensor traces, for the allocation-free lookup
    private readonly RetraceMonitor _monitor;
    private readonly object _gate = new();

    private readonly GraphOptions _options;

    internal TracedFunction(Func<object?[], Tensor[]> body, TensorSpec[]? inputSignature, string name, RetracePolicy retracePolicy, GraphOptions options)
    {
        _options = options;
        _body = body;
        _inputSignature = inputSignature;
        Name = name;
        _monitor = new RetraceMonitor(retracePolicy, name);
    }

    /// <summary>The function's name in dumps and diagnostics.</summary>
    public string Name { get; }

    /// <summary>How many times the body has been traced.</summary>
    public int TraceCount { get; private set; }

    /// <summary>Calls the function and returns its first output.</summary>
    public Tensor Invoke(params Tensor[] arguments) => InvokeAll(arguments)[0];

    /// <summary>Calls the function and returns all its outputs.</summary>
    /// <exception cref="ArgumentException">An argument does not fit the declared input signature.</exception>
    public Tensor[] InvokeAll(params Tensor[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ConcreteFunction? concrete;
        lock (_gate)
        {
            concrete = FindTensorTrace(arguments);
            if (concrete is not null)
            {
                _monitor.OnCachedCall();
            }
        }
        // The steady state: no key strings, no spec lists; a first call (or a new signature) takes the general path.
        return concrete is not null ? concrete.Invoke(arguments) : InvokeWithValues(arguments);
    }

    /// <summary>The trace an all-tensor call fits, compared field by field without building its key; null when none.</summary>
    private ConcreteFunction? FindTensorTrace(Tensor[] arguments)
    {
        foreach (var (key, concrete) in _tensorTraces)
        {
            if (Fits(key, arguments, exact: _inputSignature is null))
            {
                return concrete;
            }
        }
        return null;
    }

    private static bool Fits(TensorSpec[] key, Tensor[] arguments, bool exact)
    {
        if (key.Length != arguments.Length)
        {
            return false;
        }
        for (int i = 0; i < key.Length; i++)
        {
            Tensor? a = arguments[i];
            if (a is null || a.DType != key[i].DType || a.Shape.Rank != key[i].Shape.Rank)
            {
                return false;
            }
            ReadOnlySpan<int> want = key[i].Shape.Dims, got = a.Shape.Dims;
            for (int d = 0; d < want.Length; d++)
            {
                if (want[d] != got[d] && (exact || want[d] != Shape.Unknown))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>Calls the function with tensors and other values; non-tensor values are part of the trace key (by value).</summary>
    public Tensor[] InvokeWithValues(params object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var tensors = arguments.OfType<Tensor>().ToArray();
        var concrete = GetConcrete(arguments, out _);
        return concrete.Invoke(tensors);
    }

    /// <summary>The graph for a signature of tensor arguments, tracing it if needed.</summary>
    /// <exception cref="ArgumentException">The specs do not fit the declared input signature.</exception>
    public ConcreteFunction GetConcreteFunction(params TensorSpec[] specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        return GetConcrete(specs.Cast<object?>().ToArray(), out _);
    }

    /// <summary>Traces the body for <paramref name="specs"/> with no optimization passes (what export stores).</summary>
    internal Graph.Ir.FunctionGraph TraceUnoptimized(TensorSpec[] specs)
    {
        TensorSpec[] signature = specs;
        if (_inputSignature is not null)
        {
            CheckSpecs(_inputSignature, specs);
            signature = _inputSignature;
        }
        object?[] template = specs.Cast<object?>().ToArray();
        return Tracer.Trace(signature, symbolic => _body(Fill(template, symbolic)));
    }

    private ConcreteFunction GetConcrete(object?[] arguments, out bool traced)
    {
        var specs = new List<TensorSpec>();
        var keys = new string[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            switch (arguments[i])
            {
                case Tensor t:
                    specs.Add(new TensorSpec(t.Shape, t.DType));
                    break;
                case TensorSpec s:
                    specs.Add(s);
                    break;
            }
        }
        TensorSpec[] signature = [.. specs];
        if (_inputSignature is not null)
        {
            CheckSpecs(_inputSignature, signature);
            signature = _inputSignature;
        }
        int tensorIndex = 0;
        for (int i = 0; i < arguments.Length; i++)
        {
            keys[i] = arguments[i] is Tensor or TensorSpec
                ? signature[tensorIndex++].ToString()
                : $"{arguments[i]?.GetType().Name ?? "null"}={Convert.ToString(arguments[i], CultureInfo.InvariantCulture)}";
        }
        string key = string.Join(";", keys);
        lock (_gate)
        {
            bool isNew = !_traces.TryGetValue(key, out var concrete);
            traced = isNew;
            if (concrete is null)
            {
                object?[] template = (object?[])arguments.Clone();
                var graph = Tracer.Trace(signature, symbolic => _body(Fill(template, symbolic)));
                concrete = new ConcreteFunction(GraphOptimizer.Optimize(graph, _options), _options);
                _traces[key] = concrete;
                TraceCount++;
            }
            // Later all-tensor calls of this signature (also one first traced by GetConcreteFunction) skip the key.
            if (Array.TrueForAll(arguments, a => a is Tensor) && !_tensorTraces.Exists(e => ReferenceEquals(e.Function, concrete)))
            {
                _tensorTraces.Add((signature, concrete));
            }
            _monitor.OnCall(keys, traced);
            return concrete;
        }
    }

    /// <summary>Puts the symbolic tensors where the tensor arguments were; other values stay.</summary>
    private static object?[] Fill(object?[] template, Tensor[] symbolic)
    {
        var args = (object?[])template.Clone();
        int k = 0;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is Tensor or TensorSpec)
            {
                args[i] = symbolic[k++];
            }
        }
        return args;
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
