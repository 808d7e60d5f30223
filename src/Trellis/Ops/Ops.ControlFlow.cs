using Trellis.Operations;

namespace Trellis;

public static partial class Ops
{
    /// <summary>
    /// <paramref name="whenTrue"/>() if the scalar bool <paramref name="predicate"/> holds, else <paramref name="whenFalse"/>().
    /// Eagerly it is a plain if; inside a traced function both branches are traced and the choice is made when the
    /// graph runs. Use it where a C# <c>if</c> would branch on a tensor's value.
    /// </summary>
    /// <exception cref="ArgumentException">The predicate is not a scalar bool, or the branches return different specs.</exception>
    public static Tensor Cond(Tensor predicate, Func<Tensor> whenTrue, Func<Tensor> whenFalse)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(whenTrue);
        ArgumentNullException.ThrowIfNull(whenFalse);
        if (predicate.DType != DType.Bool || predicate.Rank != 0)
        {
            throw new ArgumentException($"Cond: expected a scalar bool predicate, but received {predicate.DType.Name()}{predicate.Shape}. Reduce it with Ops.Sum/Ops.Max and compare, e.g. Ops.Greater(Ops.Sum(x), zero).", nameof(predicate));
        }
        if (OpDispatcher.Interceptor is { } tracer)
        {
            return tracer.Cond(predicate, whenTrue, whenFalse);
        }
        return predicate.Item<bool>() ? whenTrue() : whenFalse();
    }

    /// <summary>
    /// Repeats <c>vars = body(vars)</c> while <c>condition(vars)</c> is true (at most <paramref name="maximumIterations"/>
    /// times) and returns the final loop variables. Each variable keeps its shape and dtype. Differentiable: a tape
    /// around the call records every iteration.
    /// </summary>
    /// <exception cref="ArgumentException">The body changes a variable's spec, or the condition is not a scalar bool.</exception>
    public static Tensor[] WhileLoop(Func<Tensor[], Tensor> condition, Func<Tensor[], Tensor[]> body, Tensor[] loopVariables, int maximumIterations = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(loopVariables);
        ArgumentOutOfRangeException.ThrowIfNegative(maximumIterations);
        if (OpDispatcher.Interceptor is { } tracer)
        {
            return tracer.WhileLoop(condition, body, loopVariables, maximumIterations);
        }
        Tensor[] vars = loopVariables;
        for (int i = 0; i < maximumIterations; i++)
        {
            Tensor c = condition(vars);
            if (c.DType != DType.Bool || c.Rank != 0)
            {
                throw new ArgumentException($"WhileLoop: the condition must return a scalar bool, but returned {c.DType.Name()}{c.Shape}.", nameof(condition));
            }
            if (!c.Item<bool>())
            {
                break;
            }
            Tensor[] next = body(vars);
            if (next.Length != vars.Length)
            {
                throw new ArgumentException($"WhileLoop: the body must return {vars.Length} tensors (one per loop variable), but returned {next.Length}.", nameof(body));
            }
            for (int k = 0; k < next.Length; k++)
            {
                if (next[k].Shape != vars[k].Shape || next[k].DType != vars[k].DType)
                {
                    throw new ArgumentException($"WhileLoop: loop variable {k} entered as {vars[k].DType.Name()}{vars[k].Shape} but the body returned {next[k].DType.Name()}{next[k].Shape}.", nameof(body));
                }
            }
            vars = next;
        }
        return vars;
    }
}
