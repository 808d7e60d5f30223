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

    /// <summary>Records an if/else whose predicate is only known when the graph runs.</summary>
    Tensor Cond(Tensor predicate, Func<Tensor> whenTrue, Func<Tensor> whenFalse);

    /// <summary>Records a while loop whose trip count is only known when the graph runs.</summary>
    Tensor[] WhileLoop(Func<Tensor[], Tensor> condition, Func<Tensor[], Tensor[]> body, Tensor[] loopVariables, int maximumIterations);
}
