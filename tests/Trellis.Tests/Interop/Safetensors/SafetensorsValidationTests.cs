using System.Buffers.Binary;
using System.Text;
using Trellis.Interop.Safetensors;

namespace Trellis.Tests.Interop.Safetensors;

/// <summary>Every rule the reference reader enforces gives a TrellisFormatException.</summary>
public class SafetensorsValidationTests
{
    private static byte[] File(string header, int dataLength)
    {
        byte[] h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        return bytes;
    }

    private static void Rejected(byte[] bytes, string fragment)
    {
        var ex = Assert.Throws<TrellisFormatException>(() => SafetensorsFile.Parse(bytes, "t.safetensors"));
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ValidMinimalFile_Accepted()
    {
        var file = SafetensorsFile.Parse(File("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}   ", 8));
        Assert.Equal(8, file.GetInfo("a").ByteCount);
        Assert.Empty(SafetensorsFile.Parse(File("{}", 0)).Tensors);
    }

    [Fact]
    public void Parse_FewerThanEightBytes_Rejected() => Rejected([1, 0, 0], "8-byte header length");

    [Fact]
    public void Parse_HeaderOverLimit_Rejected()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 100_000_001);
        Rejected(bytes, "limit");
    }

    [Fact]
    public void Parse_HeaderLengthHuge_RejectedWithoutOverflow()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        Rejected(bytes, "limit");
    }

    [Fact]
    public void Parse_HeaderPastEndOfFile_Rejected()
    {
        byte[] bytes = File("{}", 0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 50);
        Rejected(bytes, "truncated");
    }

    [Fact]
    public void Parse_InvalidUtf8_Rejected()
    {
        byte[] bytes = File("{\"a\":1}", 0);
        bytes[10] = 0xFF;
        Rejected(bytes, "UTF-8");
    }

    [Theory]
    [InlineData(" {}", "start with")]
    [InlineData("{\"a\":", "not valid JSON")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4,8]}}", "repeats")]
    [InlineData("{\"a\":{\"dtype\":\"X9\",\"shape\":[1],\"data_offsets\":[0,4]}}", "dtype 'X9'")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "non-negative integer")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", "non-negative integer")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", "data_offsets")]
    [InlineData("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", "dtype")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", "must be strings")]
    [InlineData("{\"a\":[]}", "expected {")]
    public void Parse_MalformedHeader_Rejected(string header, string fragment) => Rejected(File(header, 8), fragment);

    [Fact]
    public void Parse_HoleBetweenTensors_Rejected() => Rejected(
        File("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12),
        "hole");

    [Fact]
    public void Parse_OverlappingTensors_Rejected() => Rejected(
        File("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
        "overlaps");

    [Fact]
    public void Parse_FirstTensorNotAtZero_Rejected() => Rejected(
        File("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "hole");

    [Fact]
    public void Parse_EndBeforeBegin_Rejected() => Rejected(
        File("{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]},\"b\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]},\"c\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,0]}}", 0),
        "data_offsets [1, 0]");

    [Fact]
    public void Parse_ByteCountNotElementsTimesSize_Rejected() => Rejected(
        File("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "so 12 bytes");

    [Fact]
    public void Parse_ElementCountOverflows_Rejected() => Rejected(
        File("{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647,2147483647,0],\"data_offsets\":[0,0]}}", 0), "overflows");

    [Fact]
    public void Parse_DataLongerThanTensors_Rejected() => Rejected(
        File("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 5), "trailing");

    [Fact]
    public void Parse_DataShorterThanTensors_Rejected() => Rejected(
        File("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4), "truncated");

    [Fact]
    public void Parse_UnknownEntryField_IgnoredLikeTheReference()
    {
        var file = SafetensorsFile.Parse(File("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"extra\":true}}", 1));
        Assert.Equal("U8", file.GetInfo("a").DType);
    }
}
