using System.Buffers.Binary;
using System.Text;
using Trellis.Interop.Safetensors;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Interop.Safetensors;

public class SafetensorsWriterTests
{
    private static Tensor Sample(DType dtype, Shape shape)
    {
        var t = Tensor.Zeros(shape, dtype);
        for (int i = 0; i < t.Size; i++)
        {
            t.SetFromDouble(i, dtype == DType.Bool ? i % 2 : (i * 7 % 11) - 5);
        }
        return t;
    }

    [Fact]
    public void Serialize_EveryTrellisDType_ReadsBackBitEqual()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = Sample(DType.Float32, [2, 3]),
            ["f64"] = Sample(DType.Float64, [3]),
            ["i32"] = Sample(DType.Int32, [4, 1]),
            ["i64"] = Sample(DType.Int64, [5]),
            ["u8"] = Sample(DType.UInt8, [2, 2]),
            ["bool"] = Sample(DType.Bool, [3]),
            ["f16"] = Sample(DType.Float16, [7]),
            ["bf16"] = Sample(DType.BFloat16, [1, 3]),
            ["scalar"] = Tensor.Constant(42f),
            ["empty"] = Tensor.Zeros([0, 4]),
        };
        var file = SafetensorsFile.Parse(SafetensorsWriter.Serialize(tensors, new Dictionary<string, string> { ["format"] = "pt" }));
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(tensors.Count, file.Tensors.Count);
        foreach (var (name, expected) in tensors)
        {
            Tensor actual = file.GetTensor(name);
            Assert.Equal(expected.DType, actual.DType);
            Assert.Equal(expected.Shape, actual.Shape);
            Assert.Equal(expected.ToBytes(), actual.ToBytes());
        }
    }

    [Fact]
    public void Serialize_RawI8AndU64_RoundTripTheirBytes()
    {
        var raw = new[]
        {
            new SafetensorsTensor("a", "I8", [3], [0xFF, 0x00, 0x7F]),
            new SafetensorsTensor("b", "U64", [1], [1, 2, 3, 4, 5, 6, 7, 0xFF]),
        };
        var file = SafetensorsFile.Parse(SafetensorsWriter.Serialize(raw));
        Assert.Equal(raw[0].Data, file.GetRaw("a").Data);
        Assert.Equal(raw[1].Data, file.GetRaw("b").Data);
        Assert.Equal([-1, 0, 127], file.GetTensor("a").ToArray<int>());
        Assert.Throws<TrellisFormatException>(() => file.GetTensor("b"));
    }

    [Fact]
    public void Serialize_Layout_MatchesTheFormatRulesByteForByte()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["z"] = Tensor.Constant(new byte[] { 1, 2, 3 }, [3]),
            ["a"] = Tensor.Constant(new[] { 1.5f, -2f }, [2]),
            ["m"] = Tensor.Constant(new[] { 7L }, [1]),
        };
        byte[] bytes = SafetensorsWriter.Serialize(tensors, new Dictionary<string, string> { ["test"] = "a" });

        // Larger element types first (I64, then F32, then U8), each after the previous with no gap.
        const string json = "{\"__metadata__\":{\"test\":\"a\"},"
            + "\"m\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
            + "\"z\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[16,19]}}";
        int padded = (json.Length + 7) / 8 * 8;
        Assert.Equal((ulong)padded, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.Equal(json + new string(' ', padded - json.Length), Encoding.UTF8.GetString(bytes, 8, padded));
        Assert.Equal(8 + padded + 19, bytes.Length);
        Assert.Equal(BitConverter.GetBytes(7L), bytes[(8 + padded)..(8 + padded + 8)]);
        Assert.Equal(BitConverter.GetBytes(1.5f), bytes[(8 + padded + 8)..(8 + padded + 12)]);
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes[^3..]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(12)]
    public void Serialize_AnyNameLength_HeaderIsPaddedToEightBytes(int nameLength)
    {
        byte[] bytes = SafetensorsWriter.Serialize(new Dictionary<string, Tensor> { [new string('x', nameLength)] = Tensor.Constant(1f) });
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, n % 8);
        Assert.Equal((byte)'}', Encoding.UTF8.GetString(bytes, 8, (int)n).TrimEnd(' ').Select(c => (byte)c).Last());
    }

    [Fact]
    public void Serialize_NameWithQuotesAndNonAscii_EscapesLikeSerdeJson()
    {
        string name = "a\"b\\c\u0001é";
        byte[] bytes = SafetensorsWriter.Serialize(new Dictionary<string, Tensor> { [name] = Tensor.Constant(1f) });
        string header = Encoding.UTF8.GetString(bytes, 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.StartsWith("{\"a\\\"b\\\\c\\u0001é\":", header, StringComparison.Ordinal);
        Assert.Equal(1f, SafetensorsFile.Parse(bytes).GetTensor(name).Item<float>());
    }

    [Fact]
    public void Serialize_DuplicateOrReservedName_Throws()
    {
        var dup = new[] { new SafetensorsTensor("a", "U8", [1], [1]), new SafetensorsTensor("a", "U8", [1], [2]) };
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Serialize(dup));
        var reserved = new[] { new SafetensorsTensor("__metadata__", "U8", [1], [1]) };
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Serialize(reserved));
        var wrongSize = new[] { new SafetensorsTensor("a", "F32", [2], [1, 2, 3]) };
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Serialize(wrongSize));
    }

    [Fact]
    public void Save_ThenOpen_ReadsBackAndLeavesNoTempFiles()
    {
        using var dir = new ScratchDir();
        string path = dir.File("w.safetensors");
        SafetensorsWriter.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Constant(new[] { 1.0, 2.0 }, [2]) });
        Assert.Equal([1.0, 2.0], SafetensorsFile.Open(path).GetTensor("w").ToArray<double>());
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
