namespace Trellis.Operations;

/// <summary>
/// Runs ops: infers the output spec, then executes the kernel (eager) or hands the op to the tracer, then tells the
/// observers (tapes). Hooks are per thread, as TensorFlow's tapes are.
/// </summary>
internal static class OpDispatcher
{
    [ThreadStatic]
    private static List<IOpObserver>? t_observers;

    [ThreadStatic]
    private static IOpInterceptor? t_interceptor;

    /// <summary>Runs <paramref name="op"/> on <paramref name="inputs"/>.</summary>
    public static Tensor Run(Op op, params ReadOnlySpan<Tensor> inputs)
    {
        var specs = new TensorSpec[inputs.Length];
        bool anySymbolic = false;
        for (int i = 0; i < inputs.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(inputs[i]);
            specs[i] = new TensorSpec(inputs[i].Shape, inputs[i].DType);
            anySymbolic |= inputs[i].IsSymbolic;
        }
        TensorSpec spec = op.InferOutput(specs);
        Tensor output;
        if (t_interceptor is { } interceptor)
        {
            output = interceptor.Intercept(op, inputs, spec);
        }
        else
        {
            if (anySymbolic)
            {
                throw new InvalidOperationException($"{op.Name}: a symbolic tensor from a traced graph function was used outside of it. Return it from the function instead.");
            }
            output = op.Execute(inputs, spec);
        }
        if (t_observers is { Count: > 0 } observers)
        {
            // Iterate a snapshot: an observer may pause itself while it runs.
            for (int i = observers.Count - 1; i >= 0; i--)
            {
                if (i < observers.Count)
                {
                    observers[i].Record(op, inputs, output);
                }
            }
        }
        return output;
    }

    /// <summary>Adds an observer on this thread.</summary>
    public static void AddObserver(IOpObserver observer) => (t_observers ??= []).Add(observer);

    /// <summary>Removes an observer from this thread.</summary>
    public static void RemoveObserver(IOpObserver observer) => t_observers?.Remove(observer);

    /// <summary>The observers active on this thread.</summary>
    public static IReadOnlyList<IOpObserver> Observers => t_observers ?? (IReadOnlyList<IOpObserver>)[];

    /// <summary>Replaces this thread's observer list (the tracer hides outer tapes while it traces); returns the previous list.</summary>
    public static List<IOpObserver>? SwapObservers(List<IOpObserver>? observers)
    {
        var previous = t_observers;
        t_observers = observers;
        return previous;
    }

    /// <summary>Installs a tracer for this thread; returns the previous one.</summary>
    public static IOpInterceptor? SetInterceptor(IOpInterceptor? interceptor)
    {
        var previous = t_interceptor;
        t_interceptor = interceptor;
        return previous;
    }

    /// <summary>The tracer active on this thread, if any.</summary>
    public static IOpInterceptor? Interceptor => t_interceptor;
}
