using Trellis.Checkpoints.Format;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Checkpoints.Format;

public class BundleLargeWriteTests
{
    [Fact]
    public void Add_TensorsPastTheWriteBehindWindow_DataFileIsTheTensorsBackToBackAndReadsBack()
    {
        // 11 tensors of 4 MB + 1 byte-odd tail: past the 32 MB the write-behind keeps in flight, with pieces that do
        // not line up with the tensors, and a small tensor in the middle that goes through the stream's buffer.
        using var tmp = new ScratchDir();
        string prefix = tmp.File("large");
        var tensors = new List<(string Key, Tensor Value)>();
        for (int i = 0; i < 11; i++)
        {
            tensors.Add(($"t{i:D2}", Tensor.RandomUniform([(1 << 20) + 3 * i], seed: i)));
            if (i == 5)
            {
                tensors.Add(("small", Tensor.Constant(new byte[] { 1, 2, 3 })));
            }
        }
        using (var writer = new BundleWriter(prefix))
        {
            foreach (var (key, value) in tensors)
            {
                writer.Add(key, value);
            }
            writer.Finish();
        }
        byte[] expected = tensors.SelectMany(t => t.Value.ToBytes()).ToArray();
        byte[] data = File.ReadAllBytes(BundleNames.DataFile(prefix, 0, 1));
        Assert.Equal(expected.Length, data.Length);
        Assert.True(expected.AsSpan().SequenceEqual(data));
        var reader = BundleReader.Open(prefix);
        foreach (var (key, value) in tensors)
        {
            Assert.True(value.ToBytes().AsSpan().SequenceEqual(reader.ReadTensor(key).ToBytes()), key);
        }
    }
}
