using System.Reflection;
using Trellis.Initializers;
using Trellis.Layers;
using Trellis.Losses;
using Trellis.Metrics;
using Trellis.Models;
using Trellis.Optimizers;
using Trellis.Regularizers;
using Trellis.Saving;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Saving;

public sealed class RoundTripTests
{
    private static readonly Tensor s_x = Tensor.RandomNormal([6, 4, 3], seed: 3);

    [Fact]
    public void SaveLoad_EveryBuiltInLayerAndNestedModel_ConfigWeightsAndPredictionsEqual()
    {
        var inner = new Sequential([new Dense(5, activation: "tanh", kernelRegularizer: new L1L2(0.01, 0.02)), new Activation("relu")], "inner");
        var model = new Sequential(
            new InputLayer([4, 3]),
            new Reshape([12]),
            new Dense(7, activation: "swish", kernelRegularizer: new L2(0.001), biasRegularizer: new L1(0.002)) { KernelInitializer = new HeNormal(seed: 3), BiasInitializer = new Constant(0.1) },
            new Dropout(0.25, seed: 9),
            new Reshape([7, 1]),
            new Flatten(),
            inner,
            new Dense(2, useBias: false, activation: "sigmoid", dtype: DType.Float32));
        model.Compile(new SGD(0.1, momentum: 0.5), new BinaryCrossentropy(labelSmoothing: 0.1), ["binary_accuracy"]);
        model.Fit(s_x, Tensor.RandomUniform([6, 2], seed: 4), epochs: 1, batchSize: 3, verbose: 0, seed: 1);

        var loaded = SavingTestSupport.RoundTrip(model);

        Assert.Equal(SavingTestSupport.ConfigJsonOf(model), SavingTestSupport.ConfigJsonOf(loaded));
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        TensorAssert.BitEqual(model.Predict(s_x), loaded.Predict(s_x));
        Assert.Equal(model.RegularizationLosses().Count, loaded.RegularizationLosses().Count);
        // Slots are restored when the first step creates them (deferred restoration): compare after one more epoch.
        Tensor y = Tensor.RandomUniform([6, 2], seed: 5);
        model.Fit(s_x, y, epochs: 1, batchSize: 3, verbose: 0, seed: 2);
        loaded.Fit(s_x, y, epochs: 1, batchSize: 3, verbose: 0, seed: 2);
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        SavingTestSupport.AssertOptimizerStateBitEqual(model, loaded);
        Assert.IsType<Sequential>(loaded.Layers[5]);
        Assert.Equal("inner", loaded.Layers[5].Name);
    }

    [Fact]
    public void SaveLoad_NormalizationEmbeddingAndShapeLayers_ConfigWeightsAndPredictionsEqual()
    {
        Tensor x = Tensor.Constant(Enumerable.Range(0, 40).Select(i => (i * 7) % 20).ToArray(), [8, 5]);
        Tensor y = Tensor.RandomNormal([8, 3], seed: 2);
        var model = new Sequential(
            new Embedding(20, 4, inputShape: [5]),
            new Permute([2, 1]),
            new LayerNormalization(epsilon: 1e-4, center: false),
            new BatchNormalization(axis: 1, momentum: 0.9),
            new Flatten(),
            new RepeatVector(2),
            new Flatten(),
            new Dense(3));
        model.Compile(new Nadam(0.01), new Huber(0.5), [new Trellis.Metrics.RootMeanSquaredError(), new Trellis.Metrics.MeanAbsoluteErrorMetric()]);
        model.Fit(x, y, epochs: 2, batchSize: 4, verbose: 0, seed: 1);

        var loaded = SavingTestSupport.RoundTrip(model);

        Assert.Equal(SavingTestSupport.ConfigJsonOf(model), SavingTestSupport.ConfigJsonOf(loaded));
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        TensorAssert.BitEqual(model.Predict(x), loaded.Predict(x));
        model.Fit(x, y, epochs: 1, batchSize: 4, verbose: 0, seed: 2);
        loaded.Fit(x, y, epochs: 1, batchSize: 4, verbose: 0, seed: 2);
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        SavingTestSupport.AssertOptimizerStateBitEqual(model, loaded);
    }

    public static TheoryData<string> InitializerNames => [.. SerializableRegistry.BuiltInInitializerNames];

    [Theory]
    [MemberData(nameof(InitializerNames))]
    public void SaveLoad_EveryInitializer_ConfigAndWeightsEqual(string className)
    {
        IInitializer initializer = className switch
        {
            "RandomNormal" => new RandomNormal(0.5, 2.0, seed: 4),
            "RandomUniform" => new RandomUniform(-1, 3, seed: 4),
            "TruncatedNormal" => new TruncatedNormal(0.1, 0.3, seed: 4),
            "Constant" => new Constant(2.5),
            "Orthogonal" => new Orthogonal(1.5, seed: 4),
            "Identity" => new Identity(0.5),
            "VarianceScaling" => new VarianceScaling(2.0, "fan_out", "uniform", seed: 4),
            _ => (IInitializer)Activator.CreateInstance(typeof(IInitializer).Assembly.GetType("Trellis.Initializers." + className)!, className is "Zeros" or "Ones" ? [] : [(long?)4])!,
        };
        var model = new Sequential(new Dense(4, inputShape: [4]) { KernelInitializer = initializer });

        var loaded = SavingTestSupport.RoundTrip(model);

        Assert.Equal(className, ((Dense)loaded.Layers[0]).KernelInitializer.GetType().Name);
        Assert.Equal(SavingTestSupport.ConfigJsonOf(model), SavingTestSupport.ConfigJsonOf(loaded));
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
    }

    public static TheoryData<string> OptimizerNames => [.. SerializableRegistry.BuiltInOptimizerNames];

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void SaveLoad_EveryOptimizer_ConfigSlotsAndContinuedTrainingEqual(string className)
    {
        Optimizer optimizer = className switch
        {
            "Adam" => new Adam(0.02, 0.8, 0.99, 1e-6, amsgrad: true, decay: 0.01, clipnorm: 1.0),
            "AdamW" => new AdamW(0.02, weightDecay: 0.01, beta1: 0.85, amsgrad: true, clipvalue: 0.6),
            "SGD" => new SGD(0.03, 0.7, nesterov: true, clipvalue: 0.5),
            "RMSprop" => new RMSprop(0.004, 0.8, 0.3, 1e-6, centered: true, globalClipnorm: 2.0),
            "Adagrad" => new Adagrad(0.05, 0.2, 1e-6, decay: 0.001),
            "Adamax" => new Adamax(0.02, 0.85, 0.98, 1e-6, clipnorm: 0.7),
            "Nadam" => new Nadam(0.01, 0.8, 0.99, 1e-6, clipvalue: 0.4),
            _ => throw new InvalidOperationException("Add the new optimizer " + className + " to this test."),
        };
        var model = new Sequential(new Dense(3, activation: "relu", inputShape: [4]), new Dense(2));
        model.Compile(optimizer, "mse");
        Tensor x = Tensor.RandomNormal([8, 4], seed: 1), y = Tensor.RandomNormal([8, 2], seed: 2);
        model.Fit(x, y, epochs: 2, batchSize: 4, verbose: 0, seed: 3);

        var loaded = SavingTestSupport.RoundTrip(model);

        Assert.Equal(ConfigJson.SerializeToString(optimizer.GetConfig()), ConfigJson.SerializeToString(loaded.Optimizer!.GetConfig()));
        Assert.Equal(optimizer.GetType(), loaded.Optimizer.GetType());
        model.Fit(x, y, epochs: 1, batchSize: 4, verbose: 0, seed: 4);
        loaded.Fit(x, y, epochs: 1, batchSize: 4, verbose: 0, seed: 4);
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        SavingTestSupport.AssertOptimizerStateBitEqual(model, loaded);
    }

    public static TheoryData<string> LossNames => [.. SerializableRegistry.BuiltInLossNames];

    [Theory]
    [MemberData(nameof(LossNames))]
    public void SaveLoad_EveryLoss_ConfigAndLossValuesEqual(string className)
    {
        Loss loss = className switch
        {
            "CategoricalCrossentropy" => new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.2, reduction: "sum"),
            "SparseCategoricalCrossentropy" => new SparseCategoricalCrossentropy(fromLogits: true),
            "BinaryCrossentropy" => new BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.1),
            "MeanSquaredError" => new MeanSquaredError(reduction: "sum"),
            "MeanAbsoluteError" => new MeanAbsoluteError(name: "my_mae"),
            "MeanAbsolutePercentageError" => new MeanAbsolutePercentageError(),
            "MeanSquaredLogarithmicError" => new MeanSquaredLogarithmicError(),
            "CosineSimilarity" => new CosineSimilarity(),
            "Hinge" => new Hinge(),
            "SquaredHinge" => new SquaredHinge(reduction: "sum"),
            "Huber" => new Huber(0.3),
            "KLDivergence" => new KLDivergence(),
            "LogCosh" => new LogCosh(),
            "Poisson" => new Poisson(),
            _ => throw new InvalidOperationException("Add the new loss " + className + " to this test."),
        };
        var model = new Sequential(new Dense(3, inputShape: [4]));
        model.Compile("sgd", loss);

        var loaded = SavingTestSupport.RoundTrip(model);

        Assert.Equal(loss.GetType(), loaded.Loss!.GetType());
        Assert.Equal(ConfigJson.SerializeToString(loss.GetConfig()), ConfigJson.SerializeToString(loaded.Loss.GetConfig()));
        Tensor yTrue = className.StartsWith("Sparse", StringComparison.Ordinal) ? Tensor.Constant(new[] { 0, 2 }, [2]) : Tensor.RandomUniform([2, 3], seed: 5);
        Tensor yPred = Tensor.RandomNormal([2, 3], seed: 6);
        TensorAssert.BitEqual(loss.Compute(yTrue, yPred), loaded.Loss.Compute(yTrue, yPred));
    }

    public static TheoryData<string> MetricNames => [.. SerializableRegistry.BuiltInMetricNames];

    [Theory]
    [MemberData(nameof(MetricNames))]
    public void SaveLoad_EveryMetric_ConfigAndStateEqual(string className)
    {
        Metric metric = className switch
        {
            "Accuracy" => new Accuracy("acc_custom"),
            "CategoricalAccuracy" => new CategoricalAccuracy(),
            "SparseCategoricalAccuracy" => new SparseCategoricalAccuracy(),
            "BinaryAccuracy" => new BinaryAccuracy(0.3),
            "TopKCategoricalAccuracy" => new TopKCategoricalAccuracy(2),
            "MeanSquaredError" => new MeanSquaredErrorMetric(),
            "MeanAbsoluteError" => new MeanAbsoluteErrorMetric("mae_metric"),
            "RootMeanSquaredError" => new RootMeanSquaredError(),
            "Precision" => new Precision(0.4),
            "Recall" => new Recall(name: "recall_custom"),
            "AUC" => new Auc(numThresholds: 17, curve: AucCurve.PR, summationMethod: AucSummationMethod.Minoring),
            _ => throw new InvalidOperationException("Add the new metric " + className + " to this test."),
        };
        var model = new Sequential(new Dense(3, activation: "softmax", inputShape: [4]));
        model.Compile("sgd", "mse", [metric]);
        Tensor x = Tensor.RandomNormal([8, 4], seed: 1);
        Tensor y = className.StartsWith("Sparse", StringComparison.Ordinal) ? Tensor.Constant(new[] { 0, 1, 2, 0, 1, 2, 0, 1 }, [8, 1]) : Ops.Round(Tensor.RandomUniform([8, 3], seed: 2));
        if (className.StartsWith("Sparse", StringComparison.Ordinal))
        {
            model.Compile("sgd", "sparse_categorical_crossentropy", [metric]);
        }
        model.Fit(x, y, epochs: 1, batchSize: 3, verbose: 0, seed: 1);

        var loaded = SavingTestSupport.RoundTrip(model);
        var restored = loaded.SavedMetrics.Single();

        Assert.Equal(metric.GetType(), restored.GetType());
        Assert.Equal(ConfigJson.SerializeToString(SerializableRegistry.SerializeMetric(metric)), ConfigJson.SerializeToString(SerializableRegistry.SerializeMetric(restored)));
        TensorAssert.BitEqual(metric.Result(), restored.Result());
    }

    [Fact]
    public void Registry_EveryPublicBuiltInType_HasAFactory()
    {
        var assembly = typeof(Layer).Assembly;
        var concrete = assembly.GetExportedTypes().Where(t => t is { IsAbstract: false, IsClass: true }).ToList();
        var missing = new List<string>();
        Check<Layer>(SerializableRegistry.BuiltInLayerNames.Append("Sequential"));
        Check<Optimizer>(SerializableRegistry.BuiltInOptimizerNames);
        Check<Loss>(SerializableRegistry.BuiltInLossNames);
        foreach (var t in concrete.Where(t => typeof(Metric).IsAssignableFrom(t) && typeof(IPredictionMetric).IsAssignableFrom(t) && SerializableRegistry.BuiltInMetricName(t) is null))
        {
            missing.Add(t.FullName!);
        }
        Check<IInitializer>(SerializableRegistry.BuiltInInitializerNames);
        Check<IRegularizer>(SerializableRegistry.BuiltInRegularizerNames);
        Check<Trellis.Optimizers.Schedules.LearningRateSchedule>(SerializableRegistry.BuiltInScheduleNames);
        Assert.True(missing.Count == 0, "Built-in types without a loading factory in Saving/SerializableRegistry.*.cs: " + string.Join(", ", missing));

        void Check<T>(IEnumerable<string> names)
        {
            foreach (var t in concrete.Where(t => typeof(T).IsAssignableFrom(t) && t.GetCustomAttribute<ObsoleteAttribute>() is null))
            {
                if (!names.Contains(t.Name))
                {
                    missing.Add(t.FullName!);
                }
            }
        }
    }
}
