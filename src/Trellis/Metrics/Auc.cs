using System.Globalization;

namespace Trellis.Metrics;

/// <summary>
/// The area under the ROC or precision-recall curve, approximated over a fixed set of thresholds (Keras <c>AUC</c>).
/// State: <c>true_positives</c>, <c>false_positives</c>, <c>true_negatives</c>, <c>false_negatives</c>, each float32
/// of shape (numThresholds), accumulated over batches.
/// </summary>
/// <remarks>
/// <para>
/// Thresholds are <c>[-1e-7, 1/(n-1), ..., (n-2)/(n-1), 1 + 1e-7]</c> (or <c>-1e-7</c>, the sorted user thresholds and
/// <c>1 + 1e-7</c>), and a prediction counts as positive at threshold t when it is greater than t. With
/// x<sub>i</sub> and y<sub>i</sub> the curve's points at threshold i (ROC: false positive rate and recall; PR: recall and
/// precision), the result is Σ (x<sub>i</sub> - x<sub>i+1</sub>) h<sub>i</sub> with h<sub>i</sub> the mean
/// (interpolation), min (minoring) or max (majoring) of y<sub>i</sub> and y<sub>i+1</sub>.
/// </para>
/// <para>
/// PR with interpolation follows Davis and Goadrich (2006) as Keras does: between thresholds precision is interpolated
/// with true positives linear in predicted positives P, giving per interval
/// slope·(ΔTP + intercept·ln(P<sub>i</sub>/P<sub>i+1</sub>)) / (TP<sub>i+1</sub> + FN<sub>i+1</sub>), with
/// slope = ΔTP/ΔP and intercept = TP<sub>i+1</sub> - slope·P<sub>i+1</sub>; any division by zero gives 0.
/// </para>
/// <para>Labels are flattened together (Keras's <c>multi_label=False</c>).</para>
/// </remarks>
public sealed class Auc : Metric, IPredictionMetric
{
    private const double Epsilon = 1e-7;
    private readonly double[] _thresholds;
    private readonly double[] _userThresholds;
    private readonly Variable _truePositives;
    private readonly Variable _falsePositives;
    private readonly Variable _trueNegatives;
    private readonly Variable _falseNegatives;

    /// <summary>Creates the metric.</summary>
    /// <param name="numThresholds">The number of thresholds, evenly spaced in [0, 1], including the two end points (ignored when <paramref name="thresholds"/> is given).</param>
    /// <param name="curve">ROC or PR.</param>
    /// <param name="summationMethod">How the area between thresholds is summed.</param>
    /// <param name="name">The name shown in logs; null gives <c>auc</c>, then <c>auc_1</c>... as Keras 3 does.</param>
    /// <param name="thresholds">Thresholds in [0, 1] to use instead of evenly spaced ones; the end points are added.</param>
    /// <param name="fromLogits">Predictions are logits: a sigmoid is applied first.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numThresholds"/> is below 2, or a threshold is outside [0, 1].</exception>
    public Auc(int numThresholds = 200, AucCurve curve = AucCurve.Roc, AucSummationMethod summationMethod = AucSummationMethod.Interpolation,
        string? name = null, IReadOnlyList<double>? thresholds = null, bool fromLogits = false)
        : base(name ?? MetricNames.Unique("auc"))
    {
        if (thresholds is not null)
        {
            if (thresholds.Any(t => !(t >= 0 && t <= 1)))
            {
                throw new ArgumentOutOfRangeException(nameof(thresholds), $"AUC thresholds must lie in [0, 1]; received [{string.Join(", ", thresholds)}].");
            }
            _userThresholds = [.. thresholds.Order()];
        }
        else
        {
            if (numThresholds < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(numThresholds), numThresholds, "AUC needs at least 2 thresholds (Keras's default is 200).");
            }
            _userThresholds = [.. Enumerable.Range(1, numThresholds - 2).Select(i => i * 1.0 / (numThresholds - 1))];
        }
        _thresholds = [-Epsilon, .. _userThresholds, 1 + Epsilon];
        Curve = curve;
        SummationMethod = summationMethod;
        FromLogits = fromLogits;
        _truePositives = AddVector("true_positives");
        _falsePositives = AddVector("false_positives");
        _trueNegatives = AddVector("true_negatives");
        _falseNegatives = AddVector("false_negatives");
    }

    /// <summary>The number of thresholds, end points included.</summary>
    public int NumThresholds => _thresholds.Length;

    /// <summary>The curve.</summary>
    public AucCurve Curve { get; }

    /// <summary>The summation method.</summary>
    public AucSummationMethod SummationMethod { get; }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <summary>Counts a batch at every threshold.</summary>
    /// <param name="yTrue">Binary targets (nonzero is positive), any shape.</param>
    /// <param name="yPred">Scores in [0, 1] (or logits with <see cref="FromLogits"/>), same number of elements.</param>
    /// <param name="sampleWeight">Weights of shape (batch) or broadcastable to <paramref name="yPred"/>'s shape, or null.</param>
    /// <exception cref="ArgumentException">The element counts differ, or the weights do not broadcast.</exception>
    public void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yTrue.Size != yPred.Size)
        {
            throw new ArgumentException($"AUC expects targets and predictions with the same number of elements; received {yTrue.Shape} and {yPred.Shape}.", nameof(yTrue));
        }
        var scores = FromLogits ? Ops.Sigmoid(yPred) : yPred;
        var weights = MetricWeights.Broadcast(sampleWeight, yPred.Shape, $"AUC '{Name}'");
        int t = _thresholds.Length;
        var tp = new double[t];
        var fp = new double[t];
        var tn = new double[t];
        var fn = new double[t];
        for (int i = 0; i < scores.Size; i++)
        {
            double score = scores.GetAsDouble(i), w = weights?.GetAsDouble(i) ?? 1;
            bool actual = yTrue.GetAsDouble(i) != 0;
            // Thresholds ascend, so the score is above the first `above` of them.
            int above = UpperBound(score);
            var (hit, miss) = actual ? (tp, fn) : (fp, tn);
            for (int j = 0; j < above; j++)
            {
                hit[j] += w;
            }
            for (int j = above; j < t; j++)
            {
                miss[j] += w;
            }
        }
        Accumulate(_truePositives, tp);
        Accumulate(_falsePositives, fp);
        Accumulate(_trueNegatives, tn);
        Accumulate(_falseNegatives, fn);
    }

    /// <inheritdoc/>
    public override Tensor Result()
    {
        double[] tp = Read(_truePositives), fp = Read(_falsePositives), tn = Read(_trueNegatives), fn = Read(_falseNegatives);
        if (Curve == AucCurve.PR && SummationMethod == AucSummationMethod.Interpolation)
        {
            return Tensor.Scalar(InterpolatePrAuc(tp, fp, fn), DType.Float32);
        }
        int n = tp.Length;
        double[] recall = [.. Enumerable.Range(0, n).Select(i => DivNoNan(tp[i], tp[i] + fn[i]))];
        double[] x = Curve == AucCurve.Roc ? [.. Enumerable.Range(0, n).Select(i => DivNoNan(fp[i], fp[i] + tn[i]))] : recall;
        double[] y = Curve == AucCurve.Roc ? recall : [.. Enumerable.Range(0, n).Select(i => DivNoNan(tp[i], tp[i] + fp[i]))];
        double area = 0;
        for (int i = 0; i < n - 1; i++)
        {
            double height = SummationMethod switch
            {
                AucSummationMethod.Interpolation => (y[i] + y[i + 1]) / 2,
                AucSummationMethod.Minoring => Math.Min(y[i], y[i + 1]),
                _ => Math.Max(y[i], y[i + 1]),
            };
            area += (x[i] - x[i + 1]) * height;
        }
        return Tensor.Scalar(area, DType.Float32);
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        foreach (var v in new[] { _truePositives, _falsePositives, _trueNegatives, _falseNegatives })
        {
            v.Assign(Tensor.Zeros(v.Shape, DType.Float32));
        }
    }

    /// <summary>The Keras config: <c>num_thresholds</c>, <c>curve</c>, <c>summation_method</c>, <c>multi_label</c>, <c>thresholds</c>, <c>from_logits</c>.</summary>
    /// <returns>A new dictionary.</returns>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["num_thresholds"] = NumThresholds;
        config["curve"] = Curve == AucCurve.Roc ? "ROC" : "PR";
        config["summation_method"] = SummationMethod.ToString().ToLower(CultureInfo.InvariantCulture);
        config["multi_label"] = false;
        config["thresholds"] = _userThresholds.ToList();
        config["from_logits"] = FromLogits;
        return config;
    }

    private static double InterpolatePrAuc(double[] tp, double[] fp, double[] fn)
    {
        double sum = 0;
        for (int i = 0; i < tp.Length - 1; i++)
        {
            double dtp = tp[i] - tp[i + 1];
            double p0 = tp[i] + fp[i], p1 = tp[i + 1] + fp[i + 1];
            double slope = DivNoNan(dtp, Math.Max(p0 - p1, 0));
            double intercept = tp[i + 1] - slope * p1;
            double ratio = p0 > 0 && p1 > 0 ? DivNoNan(p0, Math.Max(p1, 0)) : 1;
            sum += DivNoNan(slope * (dtp + intercept * Math.Log(ratio)), Math.Max(tp[i + 1] + fn[i + 1], 0));
        }
        return sum;
    }

    private static double DivNoNan(double a, double b) => b == 0 ? 0 : a / b;

    private int UpperBound(double score)
    {
        int lo = 0, hi = _thresholds.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (score > _thresholds[mid])
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private Variable AddVector(string name)
        => AddTrackedVariable(name, [_thresholds.Length], DType.Float32, () => Tensor.Zeros([_thresholds.Length], DType.Float32), trainable: false, $"{Name}/{name}");

    private static double[] Read(Variable v) => [.. v.ToArray<float>().Select(f => (double)f)];

    private static void Accumulate(Variable v, double[] batch)
    {
        float[] current = v.ToArray<float>();
        for (int i = 0; i < current.Length; i++)
        {
            current[i] = (float)(current[i] + batch[i]);
        }
        v.Assign(Tensor.Constant(current, [current.Length]));
    }
}
