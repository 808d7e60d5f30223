namespace Trellis.Operations;

/// <summary>Sees every op executed on its thread (the gradient tape plugs in here; Ops never names it).</summary>
internal interface IOpObserver
{
    /// <summary>Called after an op produced <paramref name="output"/>.</summary>
    void Record(Op op, ReadOnlySpan<Tensor> inputs, Tensor output);
}

/// <summary>Replaces execution of ops while a graph is traced (the tracer plugs in here).</summary>
internal interface IOpInterceptor
{
    /// <summary>Returns the (symbolic) output for an op instead of running its kernel.</summary>
    Tensor Intercept(Op op, ReadOnlySpan<Tensor> inputs, TensorSpec output);
}
