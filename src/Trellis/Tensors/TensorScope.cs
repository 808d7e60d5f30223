namespace Trellis;

/// <summary>
/// A region of eager code whose large intermediate tensors borrow pooled memory and give it back when the region ends,
/// so a loop reuses the same hot arrays instead of allocating fresh ones for the GC (the analog of PyTorch freeing a
/// tensor when its last reference goes away, and of TorchSharp's <c>DisposeScope</c>).
/// </summary>
/// <remarks>
/// <para>
/// Inside a scope, every tensor an op or a factory (<see cref="Tensor.Zeros"/>, <see cref="Tensor.RandomNormal"/>...)
/// makes with at least 16 KB of storage takes its array from a pool and belongs to the innermost scope; so does any
/// view of it (a reshape). When the scope is disposed, every tensor it owns is released: reading it afterwards throws
/// <see cref="ObjectDisposedException"/>, and its array returns to the pool once no surviving tensor reads it.
/// </para>
/// <para>Rules:</para>
/// <list type="number">
/// <item>Keep what must outlive the scope: <c>scope.Keep(t)</c> or <c>t.MoveToOuterScope()</c> moves it to the
/// enclosing scope, or out of pooling when there is none. Treat every tensor made in the scope as released unless
/// kept: small ones are not pooled and happen to survive, but do not rely on it.</item>
/// <item>A scope holds every large tensor made in it until it ends: in a loop, open the scope inside the body.</item>
/// <item>Scopes nest and belong to the thread that opened them (ops run on the calling thread). Dispose them on that
/// thread, innermost first; disposing an outer scope ends the inner ones still open.</item>
/// <item>Never pooled: variables (their storage is their own), initial values of variables, tensors made while a
/// graph function traces, a traced function's planned buffers and constants, and values the library caches.</item>
/// <item>A released tensor still reports its <see cref="Tensor.Shape"/>, <see cref="Tensor.DType"/> and
/// <see cref="Tensor.IsReleased"/>; <see cref="Tensor.ToString"/> says it was released.</item>
/// </list>
/// <para>A model compiled with <c>runEagerly: true</c> runs each Fit, Evaluate and Predict step in a scope of its own.</para>
/// </remarks>
/// <example>
/// <code>
/// Tensor total;
/// using (var scope = new TensorScope())
/// {
///     var h = Ops.Relu(Ops.MatMul(x, w));      // pooled, released at the end of the block
///     total = scope.Keep(Ops.Sum(h, axis: 0));  // survives the block
/// }
/// </code>
/// </example>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic]
    private static TensorScope? t_current;

    private readonly int _threadId;
    private List<Tensor>? _owned;
    private bool _disposed;

    /// <summary>Opens a scope on this thread, nested inside the current one.</summary>
    public TensorScope()
    {
        Parent = t_current;
        _threadId = Environment.CurrentManagedThreadId;
        t_current = this;
    }

    /// <summary>The innermost open scope on this thread, or null.</summary>
    internal static TensorScope? Current => t_current;

    /// <summary>The scope this one is nested in, or null.</summary>
    internal TensorScope? Parent { get; }

    /// <summary>
    /// Makes <paramref name="tensor"/> outlive this scope: if this scope (or one nested in it) owns it, it moves to the
    /// scope enclosing this one, or out of pooling when there is none.
    /// </summary>
    /// <param name="tensor">A tensor made in this scope (any other tensor is returned unchanged).</param>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ObjectDisposedException">This scope has ended, or the tensor was already released.</exception>
    /// <exception cref="InvalidOperationException">Called on another thread than the one that opened the scope.</exception>
    public Tensor Keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckThread(nameof(Keep));
        while (tensor.OwnerScope is { } owner && Encloses(owner))
        {
            tensor.MoveToOuterScope();
        }
        if (tensor.IsReleased)
        {
            tensor.MoveToOuterScope(); // throws the released-tensor message
        }
        return tensor;
    }

    /// <summary>Ends the scope: releases every tensor it still owns (ending first any scope nested in it that is still open).</summary>
    /// <exception cref="InvalidOperationException">Called on another thread than the one that opened the scope.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        CheckThread(nameof(Dispose));
        while (t_current is { } inner && !ReferenceEquals(inner, this) && Encloses(inner))
        {
            inner.Dispose();
        }
        _disposed = true;
        if (_owned is { } owned)
        {
            foreach (var t in owned)
            {
                if (ReferenceEquals(t.OwnerScope, this))
                {
                    t.Release();
                }
            }
            _owned = null;
        }
        if (ReferenceEquals(t_current, this))
        {
            t_current = Parent;
        }
    }

    /// <summary>Adds a tensor this scope now owns (made in it, or moved here from a nested scope).</summary>
    internal void Register(Tensor tensor) => (_owned ??= []).Add(tensor);

    internal void CheckThread(string method)
    {
        if (Environment.CurrentManagedThreadId != _threadId)
        {
            throw new InvalidOperationException(
                $"TensorScope.{method} was called on thread {Environment.CurrentManagedThreadId}, but the scope belongs to thread {_threadId}, which opened it. " +
                "Open a scope on each thread that runs ops, and keep or dispose its tensors there.");
        }
    }

    /// <summary>True when <paramref name="scope"/> is this scope or nested in it.</summary>
    private bool Encloses(TensorScope scope)
    {
        for (var s = scope; s is not null; s = s.Parent)
        {
            if (ReferenceEquals(s, this))
            {
                return true;
            }
        }
        return false;
    }
}
