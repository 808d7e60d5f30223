using Trellis.Tensors;

namespace Trellis;

// How a tensor over pooled memory belongs to a TensorScope (see TensorScope and docs/MEMORY.md).
public partial class Tensor
{
    // The rented array's record and the scope that releases this tensor; both null for every tensor not over a
    // pooled array, and for one that left pooling (kept past the outermost scope, or captured by a cache).
    private PooledStorage? _pooled;
    private TensorScope? _owner;
    private bool _released;

    /// <summary>
    /// True when the <see cref="TensorScope"/> this tensor belonged to has ended and its memory went back to the pool:
    /// reading its values throws <see cref="ObjectDisposedException"/>. Shape and dtype stay readable.
    /// </summary>
    public bool IsReleased => _released;

    /// <summary>The scope that will release this tensor, or null when none will.</summary>
    internal TensorScope? OwnerScope => _owner;

    /// <summary>
    /// Moves this tensor out of the <see cref="TensorScope"/> that owns it, into the enclosing scope (it is then
    /// released when that one ends), or out of pooling entirely when there is no enclosing scope (the GC frees it).
    /// </summary>
    /// <returns>This tensor.</returns>
    /// <remarks>A tensor no scope owns (small, made outside any scope, or a variable) is returned unchanged.</remarks>
    /// <exception cref="ObjectDisposedException">The tensor was already released.</exception>
    /// <exception cref="InvalidOperationException">Called on another thread than the one that opened the owning scope.</exception>
    public Tensor MoveToOuterScope()
    {
        if (_released)
        {
            throw ReleasedError();
        }
        if (_owner is not { } owner || _pooled is not { } pooled)
        {
            return this;
        }
        owner.CheckThread(nameof(MoveToOuterScope));
        lock (pooled)
        {
            if (owner.Parent is { } parent)
            {
                _owner = parent;
                parent.Register(this);
            }
            else
            {
                LeavePooling(pooled);
            }
        }
        return this;
    }

    /// <summary>Takes this tensor out of pooling for good (a graph constant, a cached value): no scope will release it.</summary>
    /// <returns>This tensor.</returns>
    /// <exception cref="ObjectDisposedException">The tensor was already released.</exception>
    internal Tensor Pin()
    {
        if (_released)
        {
            throw ReleasedError(); // fail where the cache takes it, not at some later read
        }
        if (_pooled is { } pooled)
        {
            lock (pooled)
            {
                LeavePooling(pooled);
            }
        }
        return this;
    }

    /// <summary>Called by the owning scope as it ends: drops the storage, and returns the array once no live tensor reads it.</summary>
    internal void Release()
    {
        if (_pooled is not { } pooled)
        {
            return;
        }
        lock (pooled)
        {
            _storage = null;
            _released = true;
            _pooled = null;
            _owner = null;
            pooled.References--;
            if (pooled.References == 0 && !pooled.Escaped)
            {
                TensorPool.Return(pooled);
            }
        }
    }

    /// <summary>Joins the innermost scope as one more reader of a pooled array (or makes the array escape when no scope is open).</summary>
    private void AttachToScope(PooledStorage pooled)
    {
        lock (pooled)
        {
            if (pooled.Returned)
            {
                // Only a tensor read after its scope ended can lead here, and its read throws first; keep the invariant anyway.
                throw new ObjectDisposedException(nameof(Tensor), $"A {DType.Name()} tensor of shape {Shape} was made over memory already returned to the TensorScope pool.");
            }
            if (pooled.Escaped)
            {
                return; // the array never returns: a plain tensor
            }
            if (TensorScope.Current is not { } scope || !TensorPool.ShouldPool(pooled.Array.Length, pooled.DType))
            {
                // No scope on this thread (or pooling suspended for a cache): this tensor may live forever.
                TensorPool.Escape(pooled);
                return;
            }
            _pooled = pooled;
            _owner = scope;
            pooled.References++;
            scope.Register(this);
        }
    }

    // Caller holds the lock on pooled.
    private void LeavePooling(PooledStorage pooled)
    {
        _pooled = null;
        _owner = null;
        pooled.References--;
        TensorPool.Escape(pooled);
    }

    private ObjectDisposedException ReleasedError() => new(nameof(Tensor),
        $"This {DType.Name()} tensor of shape {Shape} was released when its TensorScope ended: its memory went back to the pool and may " +
        "already hold another tensor's values. To use a tensor after its scope, keep it before the scope ends: scope.Keep(tensor) or " +
        "tensor.MoveToOuterScope() moves it to the enclosing scope (or out of pooling when there is none).");
}
