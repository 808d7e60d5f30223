using Trellis.Models;

namespace Trellis.Tests.Models;

public sealed class ShuffleOrderTests
{
    [Fact]
    public void Permutation_IsAPermutationAndAPureFunctionOfSeedAndEpoch()
    {
        int[] a = ShuffleOrder.Permutation(seed: 7, epoch: 3, count: 100);

        Assert.Equal(Enumerable.Range(0, 100), a.Order());
        Assert.Equal(a, ShuffleOrder.Permutation(seed: 7, epoch: 3, count: 100));
        Assert.NotEqual(a, ShuffleOrder.Permutation(seed: 7, epoch: 4, count: 100));
        Assert.NotEqual(a, ShuffleOrder.Permutation(seed: 8, epoch: 3, count: 100));
        Assert.NotEqual(Enumerable.Range(0, 100), a);
    }

    [Fact]
    public void Permutation_EpochZero_IsFitsEarlierOrder()
    {
        // Runs that call Fit once per epoch with their own seed (the CLI, the samples) keep the orders they had.
        int[] earlier = [.. Enumerable.Range(0, 50)];
        new Random(12345).Shuffle(earlier);

        Assert.Equal(earlier, ShuffleOrder.Permutation(seed: 12345, epoch: 0, count: 50));
    }

    [Fact]
    public void EpochSeed_NearbySeedsAndEpochs_AllDistinct()
    {
        var seeds = new HashSet<int>();
        for (long seed = -5; seed <= 5; seed++)
        {
            for (int epoch = 0; epoch < 20; epoch++)
            {
                Assert.True(seeds.Add(ShuffleOrder.EpochSeed(seed, epoch)), $"seed {seed} epoch {epoch} collides");
            }
        }
    }
}
