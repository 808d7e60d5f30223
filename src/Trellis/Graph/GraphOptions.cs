namespace Trellis;

/// <summary>Which optimization passes run on a traced graph. All are on by default; turning one off never changes results beyond 1e-6.</summary>
public sealed record GraphOptions
{
    /// <summary>No passes at all: the graph runs exactly as traced.</summary>
    public static GraphOptions None { get; } = new()
    {
        AlgebraicSimplification = false, ConstantFolding = false, CommonSubexpressionElimination = false,
        ElementwiseFusion = false, MatMulBiasActivationFusion = false, DeadCodeElimination = false,
    };

    /// <summary>Every pass (the default).</summary>
    public static GraphOptions Default { get; } = new();

    /// <summary>Remove x+0, x·1, x/1, -(-x), casts and reshapes to the same spec.</summary>
    public bool AlgebraicSimplification { get; init; } = true;

    /// <summary>Evaluate ops on constants once, when the graph is optimized.</summary>
    public bool ConstantFolding { get; init; } = true;

    /// <summary>Compute identical subexpressions once.</summary>
    public bool CommonSubexpressionElimination { get; init; } = true;

    /// <summary>Run chains of element-wise ops as one loop.</summary>
    public bool ElementwiseFusion { get; init; } = true;

    /// <summary>Run activation(x·W + b) as one GEMM with a fused epilogue.</summary>
    public bool MatMulBiasActivationFusion { get; init; } = true;

    /// <summary>Drop nodes no output depends on.</summary>
    public bool DeadCodeElimination { get; init; } = true;

    /// <summary>
    /// Run fully shaped graphs on output buffers planned once by liveness, so a steady-state call allocates nothing.
    /// Off: every call allocates its intermediates, as eager execution does.
    /// </summary>
    public bool PlannedExecution { get; init; } = true;

    /// <summary>With planned execution, let an element-wise op write over an input that no later op reads.</summary>
    public bool InPlaceUpdates { get; init; } = true;
}
