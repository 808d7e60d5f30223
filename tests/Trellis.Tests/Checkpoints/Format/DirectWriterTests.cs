using Trellis.Checkpoints.Format;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Checkpoints.Format;

public class DirectWriterTests
{
    /// <summary>A direct writer on a new file in <paramref name="tmp"/>; null when its file system has no O_DIRECT (tmpfs, Windows).</summary>
    private static DirectWriter? OpenProbe(ScratchDir tmp)
    {
        string probe = tmp.File("probe");
        File.WriteAllBytes(probe, []);
        return DirectWriter.TryOpen(probe);
    }

    /// <summary>True when this machine's temp directory takes O_DIRECT writes (ext4 on CI; not tmpfs or Windows).</summary>
    internal static bool DirectSupported(ScratchDir tmp)
    {
        using var writer = OpenProbe(tmp);
        return writer is not null;
    }

    [Fact]
    public void Write_LargeAndSmallPiecesAtUnalignedOffsets_FileHoldsExactlyTheBytes()
    {
        using var tmp = new ScratchDir();
        bool supported = DirectSupported(tmp);
        var rng = new Random(3);
        // Small pieces shift the offsets off the 4 KB grid; the fifth piece brings the offset back onto it, so the 2 MB
        // piece has no head; the 37 MB piece spans three staging chunks.
        int[] sizes = [3, (1 << 20) + 5, 10, (3 << 20) + 4093, 4096 - ((3 + (1 << 20) + 5 + 10 + (3 << 20) + 4093) % 4096), 2 << 20, 1, (37 << 20) + 7, 100];
        var pieces = sizes.Select(n => { var b = new byte[n]; rng.NextBytes(b); return b; }).ToArray();
        string path = tmp.File("data");
        long direct;
        using (var file = new AtomicFile(path, largeWrites: true))
        {
            foreach (byte[] piece in pieces)
            {
                file.Write(piece);
            }
            direct = file.DirectBytes;
            file.FlushToDisk();
            file.Commit();
        }
        byte[] expected = pieces.SelectMany(p => p).ToArray();
        byte[] actual = File.ReadAllBytes(path);
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(expected.AsSpan().SequenceEqual(actual));
        if (supported)
        {
            // Every large piece but its unaligned head and tail went around the page cache.
            long large = sizes.Where(n => n >= AtomicFile.DirectMinBytes).Sum(n => (long)n);
            Assert.InRange(direct, large - 4 * 2 * DirectWriter.Alignment, large);
        }
        else
        {
            Assert.Equal(0, direct);
        }
    }

    [Fact]
    public void Write_WithoutLargeWrites_NeverGoesDirect()
    {
        using var tmp = new ScratchDir();
        using var file = new AtomicFile(tmp.File("index"));
        file.Write(new byte[3 << 20]);
        Assert.Equal(0, file.DirectBytes);
    }

    [Fact]
    public void Dispose_WithoutFlush_AfterDirectWrites_LeavesNoFile()
    {
        using var tmp = new ScratchDir();
        string path = tmp.File("data");
        string tempPath;
        using (var file = new AtomicFile(path, largeWrites: true))
        {
            tempPath = file.TempPath;
            file.Write(new byte[(20 << 20) + 1]); // a write may still be in flight when the file is abandoned
        }
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(tempPath));
    }

    [Fact]
    public void Drain_AfterAWriteTheDiskRefused_ThrowsItsError() => WithProbe(writer =>
    {
        long pastAnyFileSize = long.MaxValue / DirectWriter.Alignment * DirectWriter.Alignment;
        writer.Write(new byte[DirectWriter.Alignment], pastAnyFileSize); // returns: the write runs in the background
        Assert.ThrowsAny<IOException>(writer.Drain);
        writer.Drain(); // reported once
    });

    [Fact]
    public void Write_UnalignedOffsetOrLength_Throws() => WithProbe(writer =>
    {
        Assert.Throws<ArgumentException>(() => writer.Write(new byte[DirectWriter.Alignment], 100));
        Assert.Throws<ArgumentException>(() => writer.Write(new byte[100], 0));
    });

    /// <summary>Runs <paramref name="test"/> on a direct writer, where this machine's temp directory allows one.</summary>
    private static void WithProbe(Action<DirectWriter> test)
    {
        using var tmp = new ScratchDir();
        using var writer = OpenProbe(tmp);
        if (writer is not null) // else nothing to open direct here; the unsupported case is covered above
        {
            test(writer);
        }
    }
}
