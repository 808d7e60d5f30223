namespace Trellis.Optimizers;

/// <summary>The per-step values an optimizer's update uses, as float64 scalar tensors (symbolic inside a trace).</summary>
/// <param name="LearningRate">The learning rate of this step, after the schedule and Keras 2's time decay.</param>
/// <param name="LocalStep">The 1-based step number (iterations + 1), for bias corrections.</param>
public readonly record struct OptimizerStep(Tensor LearningRate, Tensor LocalStep);
