namespace Trellis.Metrics;

/// <summary>How <see cref="Auc"/> sums the area between consecutive thresholds (Keras <c>summation_method</c>).</summary>
public enum AucSummationMethod
{
    /// <summary>Trapezoids for ROC; for PR, Davis and Goadrich's interpolation of precision (<c>"interpolation"</c>).</summary>
    Interpolation,

    /// <summary>Rectangles under the lower of the two heights (<c>"minoring"</c>).</summary>
    Minoring,

    /// <summary>Rectangles under the higher of the two heights (<c>"majoring"</c>).</summary>
    Majoring,
}
