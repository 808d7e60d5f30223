using Trellis.Metrics;

namespace Trellis.Saving;

// Loading the confusion-count metrics (Keras 3 Precision, Recall, AUC configs).
internal static partial class SerializableRegistry
{
    /// <summary>Keras writes <c>thresholds</c> as null (the default 0.5), a number, or a one-element list.</summary>
    private static double ConfusionThreshold(ConfigReader c)
    {
        if (!c.IsNull("top_k") || !c.IsNull("class_id"))
        {
            throw new TrellisFormatException($"{c.Path}: top_k and class_id are not supported by Trellis's Precision and Recall; expected null for both.");
        }
        if (c.IsNull("thresholds"))
        {
            return 0.5;
        }
        if (c.Raw("thresholds") is List<object?> list)
        {
            return list is [long or double] ? Convert.ToDouble(list[0], System.Globalization.CultureInfo.InvariantCulture)
                : throw c.Wrong("thresholds", "one threshold (Trellis's Precision and Recall take a single threshold)", list);
        }
        return c.GetDouble("thresholds");
    }

    private static Auc LoadAuc(ConfigReader c, LoadContext context)
    {
        if (c.GetBool("multi_label", false) || !c.IsNull("label_weights"))
        {
            throw new TrellisFormatException($"{c.Path}: multi_label and label_weights are not supported by Trellis's AUC; expected false and null.");
        }
        var curve = c.GetString("curve", "ROC") switch
        {
            "ROC" => AucCurve.Roc,
            "PR" => AucCurve.PR,
            var other => throw c.Wrong("curve", "\"ROC\" or \"PR\"", other),
        };
        var summation = c.GetString("summation_method", "interpolation") switch
        {
            "interpolation" => AucSummationMethod.Interpolation,
            "minoring" => AucSummationMethod.Minoring,
            "majoring" => AucSummationMethod.Majoring,
            var other => throw c.Wrong("summation_method", "\"interpolation\", \"minoring\" or \"majoring\"", other),
        };
        List<double>? thresholds = null;
        if (!c.IsNull("thresholds"))
        {
            var list = c.GetList("thresholds");
            thresholds = new List<double>(list.Count);
            for (int i = 0; i < list.Count; i++)
            {
                thresholds.Add(list[i] switch
                {
                    long l => l,
                    double d => d,
                    var other => throw new TrellisFormatException($"{c.Path}.thresholds[{i}]: expected a number in [0, 1], but found {ConfigReader.Show(other)}."),
                });
            }
        }
        int numThresholds = thresholds is null ? c.GetInt("num_thresholds", 200, 2, int.MaxValue) : thresholds.Count + 2;
        // Four state vectors of numThresholds floats each: bounded by what the archive's weights can hold.
        context.Charge(c, 4.0 * numThresholds, $"{c.Path}: AUC with {numThresholds} thresholds");
        return new Auc(numThresholds, curve, summation, c.GetNullableString("name"), thresholds, c.GetBool("from_logits", false));
    }
}
