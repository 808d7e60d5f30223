namespace Trellis.Kernels.Gemm;

/// <summary>
/// A register-blocked micro-kernel: multiplies a packed MR×kc panel of A by a packed kc×NR panel of B and writes
/// (or adds) the MR×NR product into C.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>
/// Packed A holds, for each k, the MR values of one column of the tile (zero past the last row); packed B holds, for
/// each k, the NR values of one row (zero past the last column). Every element of C is summed over k in order with
/// one FMA per k, so its value does not depend on where the tile starts: the basis of thread-count independence.
/// </remarks>
internal unsafe interface IGemmMicroKernel<T>
    where T : unmanaged
{
    /// <summary>Rows of C per tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of C per tile.</summary>
    static abstract int NR { get; }

    /// <summary>True when the CPU runs this kernel natively.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>C[0..rows, 0..cols] (=, or += when <paramref name="accumulate"/>) packedA(MR, kc) · packedB(kc, NR).</summary>
    static abstract void Run(int kc, T* a, T* b, T* c, int ldc, int rows, int cols, bool accumulate);
}
