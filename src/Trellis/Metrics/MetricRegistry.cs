namespace Trellis.Metrics;

/// <summary>Resolves Keras metric names, including <c>accuracy</c>, which depends on the shapes as in Keras 3.</summary>
public static class MetricRegistry
{
    /// <summary>The metric for a name, given the targets' and predictions' shapes.</summary>
    /// <param name="name">
    /// <c>accuracy</c>/<c>acc</c> (binary when predictions have one column, sparse categorical when targets have one
    /// axis fewer or one column against several, categorical otherwise), <c>categorical_accuracy</c>,
    /// <c>sparse_categorical_accuracy</c>, <c>binary_accuracy</c>, <c>top_k_categorical_accuracy</c>, <c>mse</c>, <c>mae</c>,
    /// <c>rmse</c>, <c>auc</c>, <c>precision</c>, <c>recall</c> (case-insensitive).
    /// </param>
    /// <param name="yTrue">The targets' shape.</param>
    /// <param name="yPred">The predictions' shape.</param>
    /// <returns>A new metric named as in Keras 3's <c>compile</c>: after the string given (<c>acc</c> logs as <c>acc</c>, <c>auc</c> as <c>auc</c>).</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static IPredictionMetric Get(string name, Shape yTrue, Shape yPred)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name.ToLowerInvariant())
        {
            case "accuracy" or "acc":
                bool binary = yPred.Rank >= 1 && yPred[^1] == 1;
                bool sparse = yTrue.Rank < yPred.Rank || (yTrue.Rank >= 1 && yTrue[^1] == 1 && yPred[^1] > 1);
                return binary ? new BinaryAccuracy(name: name)
                    : sparse ? new SparseCategoricalAccuracy(name)
                    : new CategoricalAccuracy(name);
            case "categorical_accuracy":
                return new CategoricalAccuracy();
            case "sparse_categorical_accuracy":
                return new SparseCategoricalAccuracy();
            case "binary_accuracy":
                return new BinaryAccuracy();
            case "top_k_categorical_accuracy":
                return new TopKCategoricalAccuracy();
            case "mse" or "mean_squared_error":
                return new MeanSquaredErrorMetric(name);
            case "mae" or "mean_absolute_error":
                return new MeanAbsoluteErrorMetric(name);
            case "rmse" or "root_mean_squared_error":
                return new RootMeanSquaredError(name);
            case "auc":
                return new Auc(name: name);
            case "precision":
                return new Precision(name: name);
            case "recall":
                return new Recall(name: name);
            default:
                throw new ArgumentException($"Unknown metric '{name}'. Expected one of: accuracy, categorical_accuracy, sparse_categorical_accuracy, binary_accuracy, top_k_categorical_accuracy, mse, mae, rmse, auc, precision, recall, or a metric object (IPredictionMetric).", nameof(name));
        }
    }
}
