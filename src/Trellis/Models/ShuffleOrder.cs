namespace Trellis.Models;

/// <summary>
/// The sample order of one training epoch: a pure function of (seed, epoch), so that resuming with
/// <c>initialEpoch: e</c> shuffles epoch e exactly as an uninterrupted run does.
/// </summary>
internal static class ShuffleOrder
{
    /// <summary>A permutation of 0..count-1 for <paramref name="epoch"/> under <paramref name="seed"/>.</summary>
    public static int[] Permutation(long seed, int epoch, int count)
    {
        int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }
        new Random(EpochSeed(seed, epoch)).Shuffle(order);
        return order;
    }

    /// <summary>
    /// The generator seed of an epoch: for epoch 0 the seed itself, as Fit has always seeded its one generator (so runs
    /// that call Fit once per epoch keep their orders); for later epochs SplitMix64 of the seed and epoch, so nearby
    /// seeds and epochs give unrelated generators.
    /// </summary>
    internal static int EpochSeed(long seed, int epoch)
    {
        if (epoch == 0)
        {
            return unchecked((int)seed);
        }
        ulong z = unchecked((ulong)seed + ((ulong)(uint)epoch + 1) * 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & int.MaxValue);
    }
}
