using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Trellis.Interop.Safetensors;

/// <summary>
/// A safetensors file read into memory and validated as strictly as the reference implementation
/// (huggingface/safetensors) does.
/// </summary>
/// <remarks>
/// <para>Layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON (an object mapping each tensor
/// name to <c>{"dtype", "shape", "data_offsets": [begin, end]}</c>, plus an optional <c>__metadata__</c> object of
/// string values), then the data section. Offsets are relative to the data section.</para>
/// <para>Rejected with <see cref="TrellisFormatException"/>: a file under 8 bytes; N over
/// <see cref="MaxHeaderSize"/> or past the end of the file; a header that is not UTF-8 or not a JSON object, or that
/// repeats a key; an entry with an unknown dtype, a negative or fractional number, or data_offsets not a pair;
/// tensors whose byte ranges, sorted by offset, do not tile the data section exactly from 0 (a hole or an overlap);
/// element counts or byte counts that overflow 64 bits; a byte range whose length is not elements × element size;
/// and a data section longer or shorter than the last tensor's end. Unknown fields inside an entry are ignored, as
/// the reference reader ignores them.</para>
/// <para>Dtypes Trellis lacks are widened without loss by <see cref="GetTensor"/> (I8, I16, U16 to Int32; U32 to
/// Int64); <see cref="GetRaw"/> gives the stored bytes of every dtype.</para>
/// <para>The whole file is read into one managed array, so files over 2 GB are not supported (no memory mapping yet).</para>
/// </remarks>
public sealed class SafetensorsFile
{
    /// <summary>The largest header the reader accepts, in bytes (the reference implementation's bound).</summary>
    public const long MaxHeaderSize = 100_000_000;

    private readonly byte[] _buffer;
    private readonly int _dataStart;
    private readonly Dictionary<string, SafetensorsTensorInfo> _byName;

    private SafetensorsFile(string source, byte[] buffer, int dataStart, IReadOnlyDictionary<string, string> metadata, List<SafetensorsTensorInfo> tensors)
    {
        Source = source;
        _buffer = buffer;
        _dataStart = dataStart;
        Metadata = metadata;
        Tensors = tensors;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The file path, or a description of the buffer, used in error messages.</summary>
    public string Source { get; }

    /// <summary>The <c>__metadata__</c> strings (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Every tensor entry, in data-section order.</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; }

    /// <summary>Reads and validates a safetensors file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The parsed file; its data stays in memory.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TrellisFormatException">The file breaks a rule of the format (see remarks on the type).</exception>
    public static SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No safetensors file at '{path}'.", path);
        }
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses and validates the bytes of a safetensors file.</summary>
    /// <param name="bytes">The whole file (kept, not copied).</param>
    /// <param name="source">A name for error messages.</param>
    /// <returns>The parsed file.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is null.</exception>
    /// <exception cref="TrellisFormatException">The bytes break a rule of the format (see remarks on the type).</exception>
    public static SafetensorsFile Parse(byte[] bytes, string source = "<buffer>")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(source);
        if (bytes.Length < 8)
        {
            throw Error(source, $"the file has {bytes.Length} bytes; a safetensors file starts with an 8-byte header length.");
        }
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > MaxHeaderSize)
        {
            throw Error(source, $"the header length is {n} bytes, over the {MaxHeaderSize}-byte limit. The file is corrupt or not safetensors.");
        }
        if (8 + n > (ulong)bytes.Length)
        {
            throw Error(source, $"the header length is {n} bytes but only {bytes.Length - 8} bytes follow the length field. The file is truncated.");
        }
        int headerEnd = 8 + (int)n;
        var (metadata, tensors) = SafetensorsHeader.Parse(bytes.AsSpan(8, (int)n), source);
        long dataEnd = SafetensorsHeader.Validate(tensors, source);
        long actual = bytes.Length - headerEnd;
        if (dataEnd != actual)
        {
            throw Error(source, $"the tensors cover {dataEnd} data bytes but the file has {actual} after the header. The file is truncated or has trailing bytes.");
        }
        return new SafetensorsFile(source, bytes, headerEnd, metadata, tensors);
    }

    /// <summary>True when the file holds a tensor named <paramref name="name"/>.</summary>
    /// <param name="name">A tensor name.</param>
    /// <returns>Whether it exists.</returns>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The header entry of one tensor.</summary>
    /// <param name="name">A tensor name from <see cref="Tensors"/>.</param>
    /// <returns>Its dtype string, shape and offsets.</returns>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public SafetensorsTensorInfo GetInfo(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_byName.TryGetValue(name, out var info))
        {
            return info;
        }
        throw new KeyNotFoundException($"'{Source}' has no tensor '{name}'. It has: {string.Join(", ", _byName.Keys.Take(10))}{(_byName.Count > 10 ? ", ..." : "")}.");
    }

    /// <summary>The stored form of one tensor: dtype string, shape and a copy of its bytes.</summary>
    /// <param name="name">A tensor name.</param>
    /// <returns>The raw tensor.</returns>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public SafetensorsTensor GetRaw(string name)
    {
        var info = GetInfo(name);
        return new SafetensorsTensor(info.Name, info.DType, info.Shape, Bytes(info).ToArray());
    }

    /// <summary>Reads one tensor as a Trellis <see cref="Tensor"/>.</summary>
    /// <param name="name">A tensor name.</param>
    /// <returns>A new tensor of the stored shape; I8, I16, U16 widened to Int32 and U32 to Int64 (exact).</returns>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    /// <exception cref="TrellisFormatException">The dtype has no lossless Trellis type (U64, F8 formats); use <see cref="GetRaw"/>.</exception>
    public Tensor GetTensor(string name)
    {
        var info = GetInfo(name);
        ReadOnlySpan<byte> data = Bytes(info);
        Shape shape = info.Shape;
        switch (info.DType)
        {
            case "I8":
                return Widen<sbyte, int>(data, shape, v => v);
            case "I16":
                return Widen<short, int>(data, shape, v => v);
            case "U16":
                return Widen<ushort, int>(data, shape, v => v);
            case "U32":
                return Widen<uint, long>(data, shape, v => v);
        }
        DType dtype = SafetensorsDTypes.ToDType(info.DType)
            ?? throw Error(Source, $"tensor '{name}' has dtype {info.DType}, which Trellis has no lossless type for. Read its bytes with GetRaw(\"{name}\").");
        return Tensor.FromBytes(data, shape, dtype);
    }

    private ReadOnlySpan<byte> Bytes(SafetensorsTensorInfo info) =>
        _buffer.AsSpan(_dataStart + (int)info.Begin, (int)info.ByteCount);

    // NOTE: elements are little-endian on disk; MemoryMarshal.Cast assumes the machine is too, as .NET on every
    // supported platform is.
    private static Tensor Widen<TFrom, TTo>(ReadOnlySpan<byte> data, Shape shape, Func<TFrom, TTo> convert)
        where TFrom : unmanaged
        where TTo : unmanaged
    {
        ReadOnlySpan<TFrom> src = MemoryMarshal.Cast<byte, TFrom>(data);
        var dst = new TTo[src.Length];
        for (int i = 0; i < src.Length; i++)
        {
            dst[i] = convert(src[i]);
        }
        return Tensor.Wrap(dst, shape);
    }

    internal static TrellisFormatException Error(string source, string message) =>
        new($"safetensors '{source}': {message}");
}
