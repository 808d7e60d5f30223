using Trellis.Checkpoints.Format;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Checkpoints.Format;

public class BundleLargeWriteTests
{
    [Fact]
    public void Add_TensorsPastTheWriteBehindWindow_DataFileIsTheTensorsBackToBackAndReadsBack()
    {
        // Tensors of 4 MB + a byte-odd tail, 3 more than the write-behind keeps in flight (so it waits for old pieces),
        // with pieces that do not line up with the tensors, and a small tensor in the middle that goes through the
        // stream's buffer.
        int count = WriteBehind.Lag + 3;
        Assert.Equal(4L << 20, WriteBehind.Piece); // the tensors below are one piece each
        using var tmp = new ScratchDir();
        string prefix = tmp.File("large");
        var tensors = new List<(string Key, Tensor Value)>();
        for (int i = 0; i < count; i++)
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
