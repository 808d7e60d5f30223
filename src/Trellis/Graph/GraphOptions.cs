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
}
