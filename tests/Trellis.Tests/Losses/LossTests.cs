using Trellis.Losses;
using static Trellis.Tests.Losses.GoldenData;

namespace Trellis.Tests.Losses;

public class LossTests
{
    private const int Digits = 12;

    [Fact]
    public void CategoricalCrossentropy_Probabilities_MatchesNumpy()
        => Assert.Equal(Value("cce_probs"), new CategoricalCrossentropy().Compute(Input("onehot"), Input("probs")).Item<double>(), Digits);

    [Fact]
    public void CategoricalCrossentropy_Logits_MatchesNumpy()
        => Assert.Equal(Value("cce_logits"), new CategoricalCrossentropy(fromLogits: true).Compute(Input("onehot"), Input("logits")).Item<double>(), Digits);

    [Fact]
    public void CategoricalCrossentropy_SoftTargets_MatchesNumpy()
        => Assert.Equal(Value("cce_soft_targets"), new CategoricalCrossentropy().Compute(Input("soft"), Input("probs")).Item<double>(), Digits);

    [Fact]
    public void CategoricalCrossentropy_LabelSmoothing_MatchesNumpy()
        => Assert.Equal(Value("cce_smoothing"), new CategoricalCrossentropy(labelSmoothing: 0.1).Compute(Input("onehot"), Input("probs")).Item<double>(), Digits);

    [Fact]
    public void CategoricalCrossentropy_SampleWeights_MatchesNumpy()
        => Assert.Equal(Value("cce_weighted"), new CategoricalCrossentropy().Compute(Input("onehot"), Input("probs"), Input("weights")).Item<double>(), Digits);

    [Fact]
    public void SparseCategoricalCrossentropy_IntLabels_MatchesNumpy()
    {
        var labels = Ops.Cast(Input("labels"), DType.Int32);
        Assert.Equal(Value("scce_probs"), new SparseCategoricalCrossentropy().Compute(labels, Input("probs")).Item<double>(), Digits);
        Assert.Equal(Value("scce_logits"), new SparseCategoricalCrossentropy(fromLogits: true).Compute(labels, Input("logits")).Item<double>(), Digits);
    }

    [Fact]
    public void BinaryCrossentropy_ProbabilitiesAndLogits_MatchNumpy()
    {
        Assert.Equal(Value("bce_probs"), new BinaryCrossentropy().Compute(Input("bin_true"), Input("bin_prob")).Item<double>(), Digits);
        Assert.Equal(Value("bce_logits"), new BinaryCrossentropy(fromLogits: true).Compute(Input("bin_true"), Input("bin_logits")).Item<double>(), Digits);
    }

    [Fact]
    public void MeanSquaredAndAbsoluteError_MatchNumpy()
    {
        Assert.Equal(Value("mse"), new MeanSquaredError().Compute(Input("reg_true"), Input("reg_pred")).Item<double>(), Digits);
        Assert.Equal(Value("mae"), new MeanAbsoluteError().Compute(Input("reg_true"), Input("reg_pred")).Item<double>(), Digits);
        Assert.Equal(Value("mse_sum"), new MeanSquaredError(reduction: "sum").Compute(Input("reg_true"), Input("reg_pred")).Item<double>(), Digits);
    }

    [Fact]
    public void Compute_ReductionNone_KeepsPerSampleValues()
        => Assert.Equal(new Shape(6), new MeanSquaredError(reduction: "none").Compute(Input("reg_true"), Input("reg_pred")).Shape);

    [Fact]
    public void CategoricalCrossentropy_PerfectPrediction_IsClippedNotInfinite()
    {
        var y = Tensor.Constant(new float[] { 1, 0 }, [1, 2]);
        double loss = new CategoricalCrossentropy().Compute(y, Tensor.Constant(new float[] { 0, 1 }, [1, 2])).Item<float>();
        Assert.Equal(-Math.Log(1e-7), loss, 3);
    }

    [Fact]
    public void LossRegistry_UnknownName_ListsChoices()
    {
        var ex = Assert.Throws<ArgumentException>(() => LossRegistry.Get("hinge_loss_typo"));
        Assert.Contains("categorical_crossentropy", ex.Message, StringComparison.Ordinal);
    }
}

public class RegressionAndMarginLossTests
{
    public static TheoryData<string> Cases() =>
    [
        "mape", "msle", "huber", "huber_delta_half", "log_cosh", "kld", "poisson", "hinge_signs", "hinge_binary", "squared_hinge", "cosine_similarity",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_MatchesNumpy(string key)
    {
        var (loss, yTrue, yPred) = key switch
        {
            "mape" => ((Loss)new MeanAbsolutePercentageError(), "reg_true", "reg_pred"),
            "msle" => (new MeanSquaredLogarithmicError(), "pos_true", "pos_pred"),
            "huber" => (new Huber(), "reg_true", "reg_pred"),
            "huber_delta_half" => (new Huber(delta: 0.5), "reg_true", "reg_pred"),
            "log_cosh" => (new LogCosh(), "reg_true", "reg_pred"),
            "kld" => (new KLDivergence(), "soft", "probs"),
            "poisson" => (new Poisson(), "pos_true", "pos_pred"),
            "hinge_signs" => (new Hinge(), "sign_true", "reg_pred"),
            "hinge_binary" => (new Hinge(), "bin_true", "reg_pred"),
            "squared_hinge" => (new SquaredHinge(), "sign_true", "reg_pred"),
            "cosine_similarity" => (new CosineSimilarity(), "reg_true", "reg_pred"),
            _ => throw new ArgumentException(key),
        };
        Assert.Equal(GoldenData.Value(key), loss.Compute(GoldenData.Input(yTrue), GoldenData.Input(yPred)).Item<double>(), 12);
    }

    [Theory]
    [InlineData("huber")]
    [InlineData("log_cosh")]
    [InlineData("kld")]
    [InlineData("cosine_similarity")]
    [InlineData("categorical_crossentropy")]
    public void Registry_ResolvesKerasNames(string name) => Assert.NotNull(LossRegistry.Get(name));
}
