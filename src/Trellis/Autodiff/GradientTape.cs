using Trellis.Operations;

namespace Trellis;

/// <summary>
/// Records the ops run on this thread while it is alive and computes gradients by reverse accumulation, as
/// TensorFlow's <c>tf.GradientTape</c>. Trainable variables are watched automatically; other tensors with
/// <see cref="Watch"/>.
/// </summary>
/// <example>
/// <code>
/// var w = new Variable(Tensor.Constant(new[] { 1f, 2f }), name: "w");
/// using var tape = new GradientTape();
/// Tensor loss = Ops.Sum(w * w);
/// Tensor[] grads = tape.Gradient(loss, [w]);   // [2, 4]
/// </code>
/// </example>
/// <remarks>
/// Gradient rules are written with <see cref="Ops"/>, so an outer tape records the backward pass of an inner one:
/// nest two tapes for second derivatives. A non-persistent tape allows one <c>Gradient</c> call.
/// </remarks>
public sealed class GradientTape : IDisposable
{
    private readonly Recorder _recorder;
    private bool _disposed;
    private bool _used;

    /// <summary>Starts recording on the current thread.</summary>
    /// <param name="persistent">Allow several <c>Gradient</c> calls (keeps the records until disposed).</param>
    /// <param name="watchAccessedVariables">Watch trainable variables automatically when ops read them.</param>
    public GradientTape(bool persistent = false, bool watchAccessedVariables = true)
    {
        Persistent = persistent;
        _recorder = new Recorder(watchAccessedVariables);
        OpDispatcher.AddObserver(_recorder);
    }

    /// <summary>Whether several gradient calls are allowed.</summary>
    public bool Persistent { get; }

    /// <summary>The tensors and variables watched so far, in the order first seen.</summary>
    public IReadOnlyList<Tensor> WatchedTensors => _recorder.WatchedList;

    /// <summary>Marks tensors as sources: ops that read them are recorded.</summary>
    public void Watch(params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var t in tensors)
        {
            _recorder.AddWatched(t);
        }
    }

    /// <summary>Pauses recording until the returned scope is disposed.</summary>
    public IDisposable StopRecording()
    {
        OpDispatcher.RemoveObserver(_recorder);
        return new Resume(this);
    }

    /// <summary>d(target)/d(source) for each source; sums over all elements of a non-scalar target.</summary>
    /// <param name="target">What to differentiate.</param>
    /// <param name="sources">Tensors or variables to differentiate with respect to.</param>
    /// <param name="unconnected">Null (default) or zeros for sources the target does not depend on.</param>
    /// <param name="outputGradient">The seed dL/d(target); ones when null.</param>
    /// <returns>One gradient per source, shaped as that source (null for unconnected ones unless zeros were asked).</returns>
    /// <exception cref="InvalidOperationException">A non-persistent tape is used twice, or the tape was disposed.</exception>
    public Tensor?[] Gradient(Tensor target, Tensor[] sources, UnconnectedGradients unconnected, Tensor? outputGradient = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(sources);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_used && !Persistent)
        {
            throw new InvalidOperationException("A non-persistent GradientTape can compute gradients only once. Create it with new GradientTape(persistent: true) to call Gradient several times.");
        }
        _used = true;
        bool wasObserving = OpDispatcher.Observers.Contains(_recorder);
        OpDispatcher.RemoveObserver(_recorder); // its own backward pass is not recorded; outer tapes still record it
        // The backward pass's intermediate gradients die with this call: pooled, their arrays serve the next call instead
        // of each being a fresh large-object-heap array (as Fit's eager steps do). Not when an outer tape records this
        // pass (it keeps every intermediate for its own backward pass), nor while tracing (graph values have no arrays).
        using var scope = OpDispatcher.Observers.Count == 0 && OpDispatcher.Interceptor is null ? new TensorScope() : null;
        try
        {
            var grads = Backward(target, outputGradient ?? Ops.OnesLike(target));
            var result = new Tensor?[sources.Length];
            for (int i = 0; i < sources.Length; i++)
            {
                result[i] = grads.TryGetValue(sources[i], out var g) ? g
                    : unconnected == UnconnectedGradients.Zero ? Ops.ZerosLike(sources[i]) : null;
                if (scope is not null && result[i] is { } kept)
                {
                    scope.Keep(kept);
                }
            }
            return result;
        }
        finally
        {
            if (!Persistent)
            {
                _recorder.Clear();
            }
            else if (wasObserving)
            {
                OpDispatcher.AddObserver(_recorder);
            }
        }
    }

    /// <summary>Gradients for sources the target depends on (unconnected sources give null entries).</summary>
    public Tensor[] Gradient(Tensor target, Tensor[] sources) => Gradient(target, sources, UnconnectedGradients.None)!;

    /// <summary>The gradient for one source.</summary>
    public Tensor? Gradient(Tensor target, Tensor source) => Gradient(target, [source], UnconnectedGradients.None)[0];

    private Dictionary<Tensor, Tensor> Backward(Tensor target, Tensor seed)
    {
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance) { [target] = seed };
        var records = _recorder.Records;
        for (int r = records.Count - 1; r >= 0; r--)
        {
            var rec = records[r];
            if (!grads.TryGetValue(rec.Output, out var upstream))
            {
                continue;
            }
            var needed = new bool[rec.Inputs.Length];
            for (int i = 0; i < needed.Length; i++)
            {
                needed[i] = _recorder.IsTracked(rec.Inputs[i]) && rec.Inputs[i].DType.IsFloating();
            }
            // PERF: a Dense layer's input batch is not tracked, so its rule skips dx = dy·Wᵀ (as large as dW).
            Tensor?[] inputGrads = rec.Op.Gradient(new GradientContext(rec.Inputs, rec.Output, upstream, needed));
            for (int i = 0; i < rec.Inputs.Length; i++)
            {
                Tensor input = rec.Inputs[i];
                Tensor? g = inputGrads[i];
                if (g is null || !needed[i])
                {
                    continue;
                }
                grads[input] = grads.TryGetValue(input, out var existing) ? Ops.Add(existing, g) : g;
            }
        }
        return grads;
    }

    /// <summary>Stops recording and releases the records.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        OpDispatcher.RemoveObserver(_recorder);
        _recorder.Clear();
    }

    private sealed class Resume(GradientTape tape) : IDisposable
    {
        public void Dispose()
        {
            if (!tape._disposed)
            {
                OpDispatcher.AddObserver(tape._recorder);
            }
        }
    }

    private sealed record Record(Op Op, Tensor[] Inputs, Tensor Output);

    private sealed class Recorder(bool watchVariables) : IOpObserver
    {
        private readonly HashSet<Tensor> _tracked = new(ReferenceEqualityComparer.Instance);

        public List<Record> Records { get; } = [];

        public List<Tensor> WatchedList { get; } = [];

        public bool IsTracked(Tensor t) => _tracked.Contains(t);

        public void AddWatched(Tensor t)
        {
            if (_tracked.Add(t))
            {
                WatchedList.Add(t);
            }
        }

        public void Record(Op op, ReadOnlySpan<Tensor> inputs, Tensor output)
        {
            bool any = false;
            foreach (var input in inputs)
            {
                if (watchVariables && input.IsWatchedByDefault)
                {
                    AddWatched(input);
                }
                any |= _tracked.Contains(input);
            }
            if (!any || !output.DType.IsFloating())
            {
                return;
            }
            _tracked.Add(output);
            Records.Add(new Record(op, inputs.ToArray(), output));
        }

        public void Clear()
        {
            Records.Clear();
            _tracked.Clear();
            WatchedList.Clear();
        }
    }
}
