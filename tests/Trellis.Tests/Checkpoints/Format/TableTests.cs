using System.Text;
using Trellis.Checkpoints.Format;

namespace Trellis.Tests.Checkpoints.Format;

public class TableTests
{
    private static byte[] Write(IEnumerable<(string Key, byte[] Value)> entries)
    {
        using var ms = new MemoryStream();
        var writer = new TableWriter(ms);
        foreach (var (k, v) in entries)
        {
            writer.Add(Encoding.UTF8.GetBytes(k), v);
        }
        writer.Finish();
        return ms.ToArray();
    }

    private static List<(string Key, byte[] Value)> ManyEntries(int n) =>
        Enumerable.Range(0, n)
            .Select(i => ($"model/layer_with_weights-{i / 7}/kernel{i:D5}/.ATTRIBUTES/VARIABLE_VALUE", BitConverter.GetBytes(i * 31L)))
            .OrderBy(e => e.Item1, StringComparer.Ordinal)
            .ToList();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(2000)]
    public void ReadAll_WhatWriterWrote_ReturnsSameEntries(int count)
    {
        var entries = ManyEntries(count);
        byte[] file = Write(entries);
        var read = TableReader.ReadAll(file, "mem.index");
        Assert.Equal(entries.Count, read.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            Assert.Equal(entries[i].Key, Encoding.UTF8.GetString(read[i].Key));
            Assert.Equal(entries[i].Value, read[i].Value);
        }
    }

    [Fact]
    public void Write_ManyEntries_SplitsIntoSeveralBlocksWithFooterMagic()
    {
        byte[] file = Write(ManyEntries(2000));
        Assert.True(file.Length > 3 * TableConstants.TargetBlockSize);
        Assert.Equal(TableConstants.Magic, BitConverter.ToUInt64(file, file.Length - 8));
    }

    [Fact]
    public void Add_KeysOutOfOrder_Throws()
    {
        var writer = new TableWriter(new MemoryStream());
        writer.Add("b"u8, [1]);
        var ex = Assert.Throws<ArgumentException>(() => writer.Add("a"u8, [2]));
        Assert.Contains("increasing", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => writer.Add("b"u8, [2]));
    }

    [Fact]
    public void ReadAll_FlippedByteInDataBlock_ReportsBlockCrc()
    {
        byte[] file = Write(ManyEntries(100));
        file[10] ^= 0x40;
        var ex = Assert.Throws<TrellisFormatException>(() => TableReader.ReadAll(file, "x.index"));
        Assert.Contains("x.index", ex.Message, StringComparison.Ordinal);
        Assert.Contains("block at offset 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CRC32C", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_EveryTruncation_ThrowsFormatException()
    {
        byte[] file = Write(ManyEntries(40));
        for (int len = 0; len < file.Length; len++)
        {
            Assert.Throws<TrellisFormatException>(() => TableReader.ReadAll(file.AsSpan(0, len).ToArray(), "t.index"));
        }
    }

    [Fact]
    public void ReadAll_EverySingleByteFlip_NeverSucceedsSilentlyWithWrongData()
    {
        var entries = ManyEntries(40);
        byte[] good = Write(entries);
        for (int i = 0; i < good.Length; i++)
        {
            byte[] bad = (byte[])good.Clone();
            bad[i] ^= 0x01;
            try
            {
                var read = TableReader.ReadAll(bad, "t.index");
                // Only the footer padding may change without effect; then the contents must be intact.
                Assert.Equal(entries.Select(e => e.Key), read.Select(r => Encoding.UTF8.GetString(r.Key)));
                Assert.Equal(entries.Select(e => e.Value), read.Select(r => r.Value));
            }
            catch (TrellisFormatException)
            {
            }
        }
    }
}
