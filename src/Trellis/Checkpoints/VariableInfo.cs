namespace Trellis.Checkpoints;

/// <summary>One tensor stored in a checkpoint, as listed by <see cref="CheckpointReader.ListVariables"/>.</summary>
/// <param name="Key">The checkpoint key, e.g. <c>model/layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE</c>.</param>
/// <param name="Shape">The stored shape.</param>
/// <param name="DType">The stored element type.</param>
public sealed record VariableInfo(string Key, Shape Shape, DType DType);
