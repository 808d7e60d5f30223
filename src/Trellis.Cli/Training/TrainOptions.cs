namespace Trellis.Cli.Training;

/// <summary>The options of <c>trellis train</c>.</summary>
internal sealed record TrainOptions(
    string Dataset = "mnist",
    int Epochs = 5,
    int BatchSize = 32,
    string Optimizer = "adam",
    double? LearningRate = null,
    string Out = "trellis-run",
    bool Resume = false,
    int Seed = 42,
    int? Samples = null,
    string? DataDir = null,
    int Units = 128);
