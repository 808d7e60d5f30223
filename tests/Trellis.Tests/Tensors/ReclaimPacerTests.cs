using Trellis.Tensors;

namespace Trellis.Tests.Tensors;

/// <summary>When the pacer asks for a gen2 collection: after its budget since the last one, once per collection.</summary>
public class ReclaimPacerTests
{
    private const long MB = 1L << 20;

    private int _gen2;
    private int _requests;

    private ReclaimPacer NewPacer() => new(() => _gen2, () => _requests++);

    [Fact]
    public void RequestsOneCollection_After64MBSinceTheLast()
    {
        var pacer = NewPacer();
        for (int i = 0; i < 15; i++)
        {
            Assert.False(pacer.Rented(4 * MB));
        }
        Assert.True(pacer.Rented(4 * MB)); // 64 MB
        Assert.False(pacer.Rented(4 * MB)); // the requested collection has not started yet: no second request
        Assert.Equal(1, _requests);
    }

    [Fact]
    public void ARequestNoCollectionFollowed_IsRepeatedAfterAnotherBudget()
    {
        var pacer = NewPacer();
        var requestedAt = new List<long>();
        for (long rented = 4 * MB; rented <= 200 * MB; rented += 4 * MB)
        {
            if (pacer.Rented(4 * MB))
            {
                requestedAt.Add(rented);
            }
            pacer.Reclaimed(4 * MB); // nothing outstanding; but no gen2 collection ever starts
        }
        Assert.Equal([64 * MB, 128 * MB, 192 * MB], requestedAt);
    }

    [Fact]
    public void AfterACollection_CountsAgainFromZero()
    {
        var pacer = NewPacer();
        for (int i = 0; i < 16; i++)
        {
            pacer.Rented(4 * MB);
            pacer.Reclaimed(4 * MB); // each array found dead: nothing outstanding
        }
        Assert.Equal(1, _requests);
        _gen2++;
        for (int i = 0; i < 15; i++)
        {
            Assert.False(pacer.Rented(4 * MB));
        }
        Assert.True(pacer.Rented(4 * MB));
        Assert.Equal(16 * 4 * MB, pacer.OutstandingBytes);
    }

    [Fact]
    public void LiveArrays_SpaceCollectionsGeometrically()
    {
        // Nothing is ever reclaimed: the budget becomes half of what is outstanding.
        var pacer = NewPacer();
        var rentedAtRequest = new List<long>();
        long rented = 0;
        while (rentedAtRequest.Count < 4)
        {
            rented += MB;
            if (pacer.Rented(MB))
            {
                rentedAtRequest.Add(rented);
                _gen2++; // the collection runs and finds everything alive
            }
        }
        Assert.Equal([64 * MB, 128 * MB, 256 * MB, 512 * MB], rentedAtRequest);
    }
}
