namespace Trellis.Reporting;

/// <summary>How one key compares between two weights files.</summary>
public enum WeightDiffStatus
{
    /// <summary>Same dtype, shape and bytes.</summary>
    Same,

    /// <summary>Same dtype and shape, different values.</summary>
    Changed,

    /// <summary>Present only in the first file.</summary>
    OnlyInA,

    /// <summary>Present only in the second file.</summary>
    OnlyInB,

    /// <summary>Present in both with different shapes.</summary>
    ShapeChanged,

    /// <summary>Present in both with the same shape and different dtypes.</summary>
    DTypeChanged,
}
