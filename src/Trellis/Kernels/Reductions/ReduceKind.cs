namespace Trellis.Kernels.Reductions;

/// <summary>The reductions that share one kernel driver.</summary>
internal enum ReduceKind
{
    Sum,
    Mean,
    Max,
    Min,
    Prod,
}
