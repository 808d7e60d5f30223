using System.Text;
using System.Text.Json;

namespace Trellis.Interop.Safetensors;

/// <summary>Parsing and validating the JSON header, with the reference implementation's rules.</summary>
internal static class SafetensorsHeader
{
    public const string MetadataKey = "__metadata__";

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses the header bytes into metadata and tensor entries sorted by data offset.</summary>
    public static (IReadOnlyDictionary<string, string> Metadata, List<SafetensorsTensorInfo> Tensors) Parse(ReadOnlySpan<byte> header, string source)
    {
        try
        {
            s_strictUtf8.GetCharCount(header);
        }
        catch (DecoderFallbackException ex)
        {
            throw new TrellisFormatException($"safetensors '{source}': the header is not valid UTF-8.", ex);
        }
        if (header.Length == 0 || header[0] != (byte)'{')
        {
            throw SafetensorsFile.Error(source, "the header does not start with '{'; expected a JSON object right after the 8-byte length.");
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new TrellisFormatException($"safetensors '{source}': the header is not valid JSON ({ex.Message}).", ex);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw SafetensorsFile.Error(source, $"the header is a JSON {doc.RootElement.ValueKind}; expected an object.");
            }
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var tensors = new List<SafetensorsTensorInfo>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(p.Name))
                {
                    throw SafetensorsFile.Error(source, $"the header repeats the key '{p.Name}'; each tensor name must appear once.");
                }
                if (p.Name == MetadataKey)
                {
                    ReadMetadata(p.Value, metadata, source);
                }
                else
                {
                    tensors.Add(ReadEntry(p.Name, p.Value, source));
                }
            }
            tensors.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            return (metadata, tensors);
        }
    }

    /// <summary>
    /// Checks that the entries (sorted by offset) tile the data section from 0 with no hole or overlap and that each
    /// byte range has elements × element-size bytes, with overflow-checked arithmetic. Returns the data length.
    /// </summary>
    public static long Validate(List<SafetensorsTensorInfo> tensors, string source)
    {
        long start = 0;
        foreach (var t in tensors)
        {
            if (t.Begin != start || t.End < t.Begin)
            {
                string what = t.Begin > start ? $"a hole of {t.Begin - start} bytes before it" : t.Begin < start ? "it overlaps the previous tensor" : "its end is before its begin";
                throw SafetensorsFile.Error(source, $"tensor '{t.Name}' has data_offsets [{t.Begin}, {t.End}] but the previous tensor ends at {start} ({what}). Tensors must cover the data section contiguously.");
            }
            start = t.End;
            ulong elements = 1;
            foreach (int d in t.Shape)
            {
                if (d != 0 && elements > ulong.MaxValue / (ulong)d)
                {
                    throw SafetensorsFile.Error(source, $"tensor '{t.Name}' has shape {t.Shape} whose element count overflows 64 bits.");
                }
                elements *= (ulong)d;
            }
            ulong size = (ulong)SafetensorsDTypes.SizeOf(t.DType);
            if (elements != 0 && size > ulong.MaxValue / elements)
            {
                throw SafetensorsFile.Error(source, $"tensor '{t.Name}' has shape {t.Shape} whose byte count overflows 64 bits.");
            }
            if ((ulong)(t.End - t.Begin) != elements * size)
            {
                throw SafetensorsFile.Error(source, $"tensor '{t.Name}' is {t.DType} of shape {t.Shape}, so {elements * size} bytes, but its data_offsets [{t.Begin}, {t.End}] span {t.End - t.Begin}.");
            }
        }
        return start;
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string source)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw SafetensorsFile.Error(source, $"'{MetadataKey}' is a JSON {value.ValueKind}; expected an object of string values.");
        }
        foreach (JsonProperty m in value.EnumerateObject())
        {
            if (m.Value.ValueKind != JsonValueKind.String)
            {
                throw SafetensorsFile.Error(source, $"'{MetadataKey}' entry '{m.Name}' is a JSON {m.Value.ValueKind}; metadata values must be strings.");
            }
            if (!metadata.TryAdd(m.Name, m.Value.GetString()!))
            {
                throw SafetensorsFile.Error(source, $"'{MetadataKey}' repeats the key '{m.Name}'.");
            }
        }
    }

    private static SafetensorsTensorInfo ReadEntry(string name, JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw SafetensorsFile.Error(source, $"tensor '{name}' is a JSON {value.ValueKind}; expected {{\"dtype\", \"shape\", \"data_offsets\"}}.");
        }
        if (!value.TryGetProperty("dtype", out var dtypeEl) || dtypeEl.ValueKind != JsonValueKind.String)
        {
            throw SafetensorsFile.Error(source, $"tensor '{name}' has no string 'dtype'.");
        }
        string dtype = dtypeEl.GetString()!;
        if (SafetensorsDTypes.SizeOf(dtype) == 0)
        {
            throw SafetensorsFile.Error(source, $"tensor '{name}' has dtype '{dtype}'; expected one of BOOL, U8, I8, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64, F8_E5M2, F8_E4M3, F8_E8M0, C64.");
        }
        if (!value.TryGetProperty("shape", out var shapeEl) || shapeEl.ValueKind != JsonValueKind.Array)
        {
            throw SafetensorsFile.Error(source, $"tensor '{name}' has no 'shape' array.");
        }
        var dims = new int[shapeEl.GetArrayLength()];
        int i = 0;
        foreach (var d in shapeEl.EnumerateArray())
        {
            ulong dim = ReadUnsigned(d, name, "shape", source);
            if (dim > int.MaxValue)
            {
                throw SafetensorsFile.Error(source, $"tensor '{name}' has dimension {dim}, larger than Trellis supports ({int.MaxValue}).");
            }
            dims[i++] = (int)dim;
        }
        if (!value.TryGetProperty("data_offsets", out var offEl) || offEl.ValueKind != JsonValueKind.Array || offEl.GetArrayLength() != 2)
        {
            throw SafetensorsFile.Error(source, $"tensor '{name}' has no 'data_offsets' pair [begin, end].");
        }
        ulong begin = ReadUnsigned(offEl[0], name, "data_offsets", source);
        ulong end = ReadUnsigned(offEl[1], name, "data_offsets", source);
        if (begin > long.MaxValue || end > long.MaxValue)
        {
            throw SafetensorsFile.Error(source, $"tensor '{name}' has data_offsets [{begin}, {end}] beyond any file size.");
        }
        return new SafetensorsTensorInfo(name, dtype, new Shape(dims), (long)begin, (long)end);
    }

    private static ulong ReadUnsigned(JsonElement e, string name, string field, string source)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetUInt64(out ulong v))
        {
            throw SafetensorsFile.Error(source, $"tensor '{name}' has '{field}' element {e.GetRawText()}; expected a non-negative integer.");
        }
        return v;
    }
}
