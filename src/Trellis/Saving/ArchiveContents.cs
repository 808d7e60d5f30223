namespace Trellis.Saving;

/// <summary>The verified bytes of each member of a model archive.</summary>
internal sealed record ArchiveContents(string Path, byte[] Metadata, byte[] Config, byte[] WeightsIndex, byte[] WeightsData);
