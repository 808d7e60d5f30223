namespace Trellis.Operations;

/// <summary>
/// Marks ops that change state (a variable's value) rather than only compute a result: passes must keep them even
/// when nothing reads their output, never merge two of them, and never move a read of the state across them.
/// </summary>
internal interface ISideEffectOp
{
    /// <summary>The indices of the inputs (variables) the op writes; reads of them after the op see the new value.</summary>
    ReadOnlySpan<int> WrittenInputs { get; }
}
