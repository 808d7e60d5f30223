namespace Trellis.Tensors;

/// <summary>
/// Philox4x32-10, the counter-based generator TensorFlow and JAX use (Salmon et al., SC'11): a pure function of
/// (key, counter), so element i's random numbers never depend on how work is split across threads.
/// </summary>
internal static class Philox
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    /// <summary>Four independent uniform 32-bit words for one counter value.</summary>
    public static (uint, uint, uint, uint) Block(ulong key, ulong counterLo, ulong counterHi = 0)
    {
        uint c0 = (uint)counterLo, c1 = (uint)(counterLo >> 32), c2 = (uint)counterHi, c3 = (uint)(counterHi >> 32);
        uint k0 = (uint)key, k1 = (uint)(key >> 32);
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            uint n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c1 = (uint)p1;
            c3 = (uint)p0;
            c0 = n0;
            c2 = n2;
            k0 += W0;
            k1 += W1;
        }
        return (c0, c1, c2, c3);
    }

    /// <summary>A uniform float in [0, 1) from the top 24 bits of a word.</summary>
    public static float ToUnitFloat(uint x) => (x >> 8) * (1.0f / (1 << 24));

    /// <summary>A uniform double in [0, 1) from 53 bits of two words.</summary>
    public static double ToUnitDouble(uint hi, uint lo) => ((((ulong)hi) << 21) ^ (lo >> 11)) * (1.0 / (1UL << 53));

    /// <summary>Two standard normals by Box-Muller from two words.</summary>
    public static (double, double) BoxMuller(uint a, uint b)
    {
        double u1 = 1.0 - ToUnitDouble(a, b ^ 0x5bd1e995); // (0, 1]: log is finite
        double u2 = ToUnitDouble(b, a);
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        double theta = 2.0 * Math.PI * u2;
        return (r * Math.Cos(theta), r * Math.Sin(theta));
    }

    /// <summary>Mixes a user seed into a 64-bit key (SplitMix64 finalizer) so nearby seeds give unrelated streams.</summary>
    public static ulong KeyFromSeed(long seed)
    {
        ulong z = (ulong)seed + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A fresh seed for calls that give none.</summary>
    public static long NextAutoSeed() => Random.Shared.NextInt64();
}
