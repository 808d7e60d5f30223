using System.Text.Json;
using Trellis.Optimizers;

namespace Trellis.Tests.Optimizers;

public class OptimizerTrajectoryTests
{
    private static readonly JsonElement s_golden = TrajectoryAssert.Load("optimizer_trajectories.json");

    public static TheoryData<string> Cases() =>
    [
        "sgd", "sgd_momentum", "sgd_nesterov", "sgd_decay", "adam", "adam_amsgrad", "adam_betas", "adamw",
        "rmsprop", "rmsprop_momentum", "rmsprop_centered", "rmsprop_centered_momentum", "adagrad", "adamax", "nadam",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void ApplyGradients_20Steps_MatchesNumpyTranscriptionOfKeras(string name)
    {
        Optimizer optimizer = name switch
        {
            "sgd" => new SGD(learningRate: 0.1),
            "sgd_momentum" => new SGD(learningRate: 0.05, momentum: 0.9),
            "sgd_nesterov" => new SGD(learningRate: 0.05, momentum: 0.9, nesterov: true),
            "sgd_decay" => new SGD(learningRate: 0.1, decay: 0.1),
            "adam" => new Adam(learningRate: 0.1),
            "adam_amsgrad" => new Adam(learningRate: 0.1, amsgrad: true),
            "adam_betas" => new Adam(learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-3),
            "adamw" => new AdamW(learningRate: 0.1, weightDecay: 0.05),
            "rmsprop" => new RMSprop(learningRate: 0.01),
            "rmsprop_momentum" => new RMSprop(learningRate: 0.01, momentum: 0.5),
            "rmsprop_centered" => new RMSprop(learningRate: 0.01, centered: true),
            "rmsprop_centered_momentum" => new RMSprop(learningRate: 0.01, momentum: 0.5, centered: true),
            "adagrad" => new Adagrad(learningRate: 0.1),
            "adamax" => new Adamax(learningRate: 0.1),
            "nadam" => new Nadam(learningRate: 0.05),
            _ => throw new ArgumentException(name),
        };
        TrajectoryAssert.Follows(optimizer, s_golden, name, rtol: 1e-6, atol: 1e-12);
    }

    [Fact]
    public void Adam_State_NamedAsKeras2()
    {
        var adam = new Adam(amsgrad: true);
        var w = new Variable(Tensor.Ones([3]), "w");
        adam.ApplyGradients([(Tensor.Ones([3]), w)]);

        Assert.Equal(["iter", "learning_rate", "decay", "beta_1", "beta_2"], adam.ExplicitChildren.Select(c => c.Key));
        Assert.Equal(DType.Int64, adam.Iterations.DType);
        Assert.Equal(["m", "v", "vhat"], adam.SlotVariables().Select(s => s.SlotName));
        Assert.Same(w, adam.SlotVariables().First().Original);
        Assert.NotNull(adam.GetSlot(w, "m"));
    }

    [Fact]
    public void Nadam_State_HasMomentumCache()
    {
        var nadam = new Nadam();
        Assert.Contains("momentum_cache", nadam.GetTrackedChildren().Select(c => c.Key));
    }

    [Fact]
    public void Adagrad_Accumulator_StartsAtInitialValue()
    {
        var adagrad = new Adagrad(learningRate: 0.0, initialAccumulatorValue: 0.25);
        var w = new Variable(Tensor.Ones([2]), "w");
        adagrad.ApplyGradients([(Tensor.Zeros([2]), w)]);
        Assert.All(adagrad.GetSlot(w, "accumulator")!.ToArray<float>(), v => Assert.Equal(0.25f, v));
    }

    [Fact]
    public void SGD_Momentum_HasMomentumSlot()
    {
        var sgd = new SGD(momentum: 0.9);
        var w = new Variable(Tensor.Ones([2]), "w");
        sgd.ApplyGradients([(Tensor.Ones([2]), w)]);

        Assert.Equal(["iter", "learning_rate", "decay", "momentum"], sgd.ExplicitChildren.Select(c => c.Key));
        Assert.Equal("momentum", sgd.SlotVariables().Single().SlotName);
    }

    [Fact]
    public void ApplyGradients_ClipNorm_ScalesGradientToNorm()
    {
        var sgd = new SGD(learningRate: 1.0, clipnorm: 1.0);
        var w = new Variable(Tensor.Zeros([2], DType.Float64), "w");
        sgd.ApplyGradients([(Tensor.Constant(new[] { 3.0, 4.0 }), w)]);

        Assert.Equal([-0.6, -0.8], w.ToArray<double>().Select(v => Math.Round(v, 12)));
    }
}
