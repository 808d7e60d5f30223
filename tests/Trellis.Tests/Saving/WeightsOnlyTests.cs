using Trellis.Layers;
using Trellis.Models;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Saving;

public sealed class WeightsOnlyTests : IDisposable
{
    private readonly string _prefix = SavingTestSupport.TempPath("weights/ckpt");

    public void Dispose() => SavingTestSupport.DeleteFileAndDirectory(Path.GetDirectoryName(_prefix)!);

    private static Sequential NewModel(int hidden = 5) => new(new Dense(hidden, activation: "relu", inputShape: [3]), new Dense(2));

    [Fact]
    public void SaveWeightsLoadWeights_SameArchitecture_WeightsBitEqual()
    {
        var model = NewModel();
        model.SaveWeights(_prefix);
        var other = NewModel();

        other.LoadWeights(_prefix);

        SavingTestSupport.AssertWeightsBitEqual(model, other);
        Assert.True(File.Exists(_prefix + ".index"));
        Assert.True(File.Exists(_prefix + ".data-00000-of-00001"));
    }

    [Fact]
    public void LoadWeights_ShapeMismatch_FailsNamingTheWeightUnlessSkipMismatch()
    {
        NewModel(hidden: 5).SaveWeights(_prefix);
        var other = NewModel(hidden: 4);
        Tensor[] before = other.GetWeights();

        var e = Assert.Throws<TrellisFormatException>(() => other.LoadWeights(_prefix));
        Assert.Contains("kernel", e.Message, StringComparison.Ordinal);

        var third = NewModel(hidden: 4);
        before = third.GetWeights();
        third.LoadWeights(_prefix, skipMismatch: true);
        TensorAssert.BitEqual(before[0], third.GetWeights()[0]);
    }

    [Fact]
    public void LoadWeights_MissingCheckpoint_ThrowsTrellisFormatException()
    {
        var e = Assert.Throws<TrellisFormatException>(() => NewModel().LoadWeights(_prefix));
        Assert.Contains("ckpt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingArchive_ThrowsTrellisFormatExceptionNamingThePath()
    {
        var e = Assert.Throws<TrellisFormatException>(() => Model.Load(_prefix + ".trellis"));
        Assert.Contains("No model archive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ArchiveOfANewerFormat_AsksToUpdate()
    {
        byte[] archive = SavingTestSupport.SaveToBytes(NewModel());
        byte[] newer = RewriteMetadata(archive, "{\"trellis_version\": \"9.0.0\", \"date_saved\": \"x\", \"format_version\": 7}");

        var e = Assert.Throws<TrellisFormatException>(() => Trellis.Saving.ModelArchive.Load(newer, "newer.trellis"));

        Assert.Contains("format_version 7", e.Message, StringComparison.Ordinal);
        Assert.Contains("Update Trellis", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ZipBombMember_RejectedBeforeInflating()
    {
        byte[] archive = SavingTestSupport.SaveToBytes(NewModel());
        using var output = new MemoryStream();
        using (var source = new System.IO.Compression.ZipArchive(new MemoryStream(archive)))
        using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var to = zip.CreateEntry(entry.FullName, System.IO.Compression.CompressionLevel.Optimal).Open();
                if (entry.FullName == "model.weights.data-00000-of-00001")
                {
                    to.Write(new byte[64 << 20]);   // 64 MiB of zeros deflate to ~64 KiB: far beyond 64x the archive
                }
                else
                {
                    from.CopyTo(to);
                }
            }
        }

        var e = Assert.Throws<TrellisFormatException>(() => Trellis.Saving.ModelArchive.Load(output.ToArray(), "bomb.trellis"));

        Assert.Contains("zip bomb", e.Message, StringComparison.Ordinal);
    }

    private static byte[] RewriteMetadata(byte[] archive, string metadata)
    {
        using var output = new MemoryStream();
        using (var source = new System.IO.Compression.ZipArchive(new MemoryStream(archive)))
        using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var to = zip.CreateEntry(entry.FullName).Open();
                if (entry.FullName == "metadata.json")
                {
                    to.Write(System.Text.Encoding.UTF8.GetBytes(metadata));
                }
                else
                {
                    from.CopyTo(to);
                }
            }
        }
        return output.ToArray();
    }
}
