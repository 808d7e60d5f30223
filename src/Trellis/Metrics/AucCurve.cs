namespace Trellis.Metrics;

/// <summary>The curve whose area <see cref="Auc"/> computes (Keras <c>curve</c>).</summary>
public enum AucCurve
{
    /// <summary>Receiver operating characteristic: true positive rate against false positive rate (<c>"ROC"</c>).</summary>
    Roc,

    /// <summary>Precision against recall (<c>"PR"</c>).</summary>
    PR,
}
