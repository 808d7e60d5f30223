namespace Trellis.Saving;

/// <summary>The members of a model archive (docs/MODEL_FORMAT.md), and the limits a reader enforces.</summary>
internal static class ArchiveMembers
{
    public const string Metadata = "metadata.json";
    public const string Config = "config.json";
    public const string WeightsPrefix = "model.weights";
    public const string WeightsIndex = "model.weights.index";
    public const string WeightsData = "model.weights.data-00000-of-00001";

    /// <summary>The format this version writes; readers accept this and older ones.</summary>
    public const int FormatVersion = 1;

    /// <summary>Every member, in the order they are written. A format 1 archive has exactly these.</summary>
    public static readonly string[] All = [Metadata, Config, WeightsIndex, WeightsData];

    /// <summary>A JSON member larger than this is not a model config.</summary>
    public const long MaxJsonBytes = 16 << 20;

    /// <summary>
    /// Members may inflate to at most this many times the archive's size (plus <see cref="InflationSlack"/>): real
    /// archives compress JSON about 10x and store weights nearly as is, while a zip bomb declares far more.
    /// </summary>
    public const long MaxInflation = 64;

    public const long InflationSlack = 1 << 20;
}
