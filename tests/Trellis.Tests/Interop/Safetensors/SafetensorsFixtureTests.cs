using Trellis.Interop.Safetensors;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Interop.Safetensors;

/// <summary>The huggingface/safetensors sample files (MANIFEST.md section 3b): np.array(range(-3, 3)) per dtype.</summary>
public class SafetensorsFixtureTests
{
    private static string Sample(string name) => TestSupport.Fixtures.Path("safetensors_samples", name + ".safetensors");

    [Theory]
    [InlineData("b", "I8")]
    [InlineData("h", "I16")]
    [InlineData("i", "I32")]
    public void GetTensor_SignedIntegerSamples_ReadMinusThreeToTwo(string name, string dtype)
    {
        var file = SafetensorsFile.Open(Sample(name));
        Assert.Equal(dtype, file.GetInfo(name).DType);
        Tensor t = file.GetTensor(name);
        Assert.Equal(DType.Int32, t.DType);
        Assert.Equal(new Shape(6), t.Shape);
        Assert.Equal([-3, -2, -1, 0, 1, 2], t.ToArray<int>());
    }

    [Fact]
    public void GetTensor_F64Sample_ReadsExactValues()
    {
        Tensor t = SafetensorsFile.Open(Sample("d")).GetTensor("d");
        Assert.Equal(DType.Float64, t.DType);
        Assert.Equal([-3.0, -2, -1, 0, 1, 2], t.ToArray<double>());
    }

    [Fact]
    public void GetTensor_F32Sample_ReadsExactValues()
    {
        Tensor t = SafetensorsFile.Open(Sample("f")).GetTensor("f");
        Assert.Equal([-3f, -2, -1, 0, 1, 2], t.ToArray<float>());
    }

    [Fact]
    public void GetTensor_F16Sample_ReadsExactValues()
    {
        Tensor t = SafetensorsFile.Open(Sample("e")).GetTensor("e");
        Assert.Equal(DType.Float16, t.DType);
        Assert.Equal([-3f, -2, -1, 0, 1, 2], t.ToArray<Half>().Select(h => (float)h));
    }

    [Fact]
    public void GetTensor_U8Sample_ReadsWrappedValues()
    {
        Tensor t = SafetensorsFile.Open(Sample("B")).GetTensor("B");
        Assert.Equal(DType.UInt8, t.DType);
        Assert.Equal(new byte[] { 253, 254, 255, 0, 1, 2 }, t.ToArray<byte>());
    }

    [Fact]
    public void GetTensor_U16Sample_WidensToInt32()
    {
        Tensor t = SafetensorsFile.Open(Sample("H")).GetTensor("H");
        Assert.Equal(DType.Int32, t.DType);
        Assert.Equal([65533, 65534, 65535, 0, 1, 2], t.ToArray<int>());
    }

    [Fact]
    public void GetTensor_U32Sample_WidensToInt64()
    {
        Tensor t = SafetensorsFile.Open(Sample("I")).GetTensor("I");
        Assert.Equal(DType.Int64, t.DType);
        Assert.Equal([4294967293L, 4294967294, 4294967295, 0, 1, 2], t.ToArray<long>());
    }

    [Fact]
    public void Open_EverySample_HasTestMetadata()
    {
        foreach (string name in new[] { "b", "h", "i", "d", "e", "f", "B", "H", "I", "overall" })
        {
            var file = SafetensorsFile.Open(Sample(name));
            Assert.Equal("a", file.Metadata["test"]);
        }
    }

    [Fact]
    public void Open_Overall_HoldsAllNineTensorsWithTheSameValues()
    {
        var overall = SafetensorsFile.Open(Sample("overall"));
        Assert.Equal(["B", "H", "I", "b", "d", "e", "f", "h", "i"], overall.Tensors.Select(t => t.Name));
        foreach (var info in overall.Tensors)
        {
            var single = SafetensorsFile.Open(Sample(info.Name));
            Assert.Equal(single.GetRaw(info.Name).Data, overall.GetRaw(info.Name).Data);
            double[] expected = info.Name switch
            {
                "B" => [253, 254, 255, 0, 1, 2],
                "H" => [65533, 65534, 65535, 0, 1, 2],
                "I" => [4294967293, 4294967294, 4294967295, 0, 1, 2],
                _ => [-3, -2, -1, 0, 1, 2],
            };
            Tensor t = overall.GetTensor(info.Name);
            Assert.Equal(expected, Enumerable.Range(0, 6).Select(t.GetAsDouble));
        }
    }

    [Fact]
    public void GetRaw_I8Sample_KeepsStoredBytes()
    {
        var raw = SafetensorsFile.Open(Sample("b")).GetRaw("b");
        Assert.Equal("I8", raw.DType);
        Assert.Equal(new byte[] { 0xFD, 0xFE, 0xFF, 0, 1, 2 }, raw.Data);
    }
}
