using System.Buffers.Binary;
using System.Text;
using Trellis.Checkpoints.Format;

namespace Trellis.Interop.Safetensors;

/// <summary>Writes safetensors files laid out byte for byte as the reference writer (huggingface/safetensors) does.</summary>
/// <remarks>
/// <para>Layout: tensors are ordered by dtype, larger element types first (the reference implementation's dtype order,
/// which keeps every tensor aligned to its element size), then by name (ordinal); the data section holds them back to
/// back. The header is compact JSON: <c>__metadata__</c> first (keys sorted, omitted when null or empty), then one
/// <c>{"dtype","shape","data_offsets"}</c> entry per tensor in data order; it is padded with spaces to a multiple of 8
/// bytes, so the data section starts 8-byte aligned.</para>
/// <para>Files are written under a temporary name and renamed into place.</para>
/// </remarks>
public static class SafetensorsWriter
{
    /// <summary>Serializes Trellis tensors.</summary>
    /// <param name="tensors">Name → tensor; names must be unique and not <c>__metadata__</c>.</param>
    /// <param name="metadata">Optional string metadata stored under <c>__metadata__</c>.</param>
    /// <returns>The file bytes.</returns>
    /// <exception cref="ArgumentException">A name repeats or is <c>__metadata__</c>, or a tensor is symbolic.</exception>
    public static byte[] Serialize(IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return Serialize(tensors.Select(kv => ToRaw(kv.Key, kv.Value)), metadata);
    }

    /// <summary>Serializes tensors in stored form (any safetensors dtype).</summary>
    /// <param name="tensors">The tensors; names must be unique and not <c>__metadata__</c>.</param>
    /// <param name="metadata">Optional string metadata stored under <c>__metadata__</c>.</param>
    /// <returns>The file bytes.</returns>
    /// <exception cref="ArgumentException">
    /// A name repeats or is <c>__metadata__</c>, a dtype string is unknown, or a tensor's byte count is not its
    /// element count times the element size.
    /// </exception>
    public static byte[] Serialize(IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in list)
        {
            Check(t, names);
        }
        list.Sort((a, b) =>
        {
            int byType = SafetensorsDTypes.Rank(b.DType).CompareTo(SafetensorsDTypes.Rank(a.DType));
            return byType != 0 ? byType : string.CompareOrdinal(a.Name, b.Name);
        });
        byte[] header = BuildHeader(list, metadata);
        long dataLength = list.Sum(t => (long)t.Data.Length);
        var bytes = new byte[checked(8 + header.Length + dataLength)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        int offset = 8 + header.Length;
        foreach (var t in list)
        {
            t.Data.CopyTo(bytes, offset);
            offset += t.Data.Length;
        }
        return bytes;
    }

    /// <summary>Writes Trellis tensors to a safetensors file.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">Name → tensor.</param>
    /// <param name="metadata">Optional string metadata.</param>
    /// <exception cref="ArgumentException">See <see cref="Serialize(IEnumerable{KeyValuePair{string, Tensor}}, IReadOnlyDictionary{string, string}?)"/>.</exception>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        WriteAtomically(path, Serialize(tensors, metadata));

    /// <summary>Writes tensors in stored form to a safetensors file.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">The tensors.</param>
    /// <param name="metadata">Optional string metadata.</param>
    /// <exception cref="ArgumentException">See <see cref="Serialize(IEnumerable{SafetensorsTensor}, IReadOnlyDictionary{string, string}?)"/>.</exception>
    public static void Save(string path, IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        WriteAtomically(path, Serialize(tensors, metadata));

    private static void WriteAtomically(string path, byte[] bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new AtomicFile(path);
        file.Stream.Write(bytes);
        file.FlushToDisk();
        file.Commit();
    }

    private static SafetensorsTensor ToRaw(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.IsSymbolic)
        {
            throw new ArgumentException($"Tensor '{name}' is symbolic (from a traced function) and has no values to save. Save the result of an eager call.", nameof(tensor));
        }
        return new SafetensorsTensor(name, SafetensorsDTypes.FromDType(tensor.DType), tensor.Shape, tensor.ToBytes());
    }

    private static void Check(SafetensorsTensor t, HashSet<string> names)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(t.Name);
        ArgumentNullException.ThrowIfNull(t.Data);
        if (t.Name == SafetensorsHeader.MetadataKey)
        {
            throw new ArgumentException($"A tensor cannot be named '{SafetensorsHeader.MetadataKey}': that key holds the file's metadata. Rename the tensor.", nameof(t));
        }
        if (!names.Add(t.Name))
        {
            throw new ArgumentException($"Two tensors are named '{t.Name}'; safetensors names must be unique.", nameof(t));
        }
        int size = SafetensorsDTypes.SizeOf(t.DType);
        if (size == 0)
        {
            throw new ArgumentException($"Tensor '{t.Name}' has dtype '{t.DType}'; expected a safetensors dtype such as F32, I64, BF16 or U8.", nameof(t));
        }
        long expected = (long)t.Shape.Size * size;
        if (t.Data.Length != expected)
        {
            throw new ArgumentException($"Tensor '{t.Name}' ({t.DType}, shape {t.Shape}) needs {expected} bytes but has {t.Data.Length}.", nameof(t));
        }
    }

    private static byte[] BuildHeader(List<SafetensorsTensor> list, IReadOnlyDictionary<string, string>? metadata)
    {
        var sb = new StringBuilder("{");
        bool first = true;
        if (metadata is { Count: > 0 })
        {
            sb.Append("\"__metadata__\":{");
            bool firstMeta = true;
            foreach (var kv in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                sb.Append(firstMeta ? "" : ",");
                AppendString(sb, kv.Key);
                sb.Append(':');
                AppendString(sb, kv.Value);
                firstMeta = false;
            }
            sb.Append('}');
            first = false;
        }
        long offset = 0;
        foreach (var t in list)
        {
            sb.Append(first ? "" : ",");
            first = false;
            AppendString(sb, t.Name);
            sb.Append(":{\"dtype\":");
            AppendString(sb, t.DType);
            sb.Append(",\"shape\":[").AppendJoin(',', t.Shape.ToArray()).Append("],\"data_offsets\":[");
            sb.Append(offset).Append(',').Append(offset + t.Data.Length).Append("]}");
            offset += t.Data.Length;
        }
        sb.Append('}');
        // The reference writer pads with spaces so the data section starts on an 8-byte boundary.
        int length = Encoding.UTF8.GetByteCount(sb.ToString());
        sb.Append(' ', (8 - (length % 8)) % 8);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    // Escapes as serde_json does: quote, backslash and control characters; everything else as raw UTF-8.
    private static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u00").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }
}
