using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Trellis.Tests.Layers.Recurrent;

/// <summary>Reads the JSON golden files written by tools/reference/*.py: cases of named float64 arrays {shape, data}.</summary>
internal sealed class GoldenFile
{
    private readonly JsonElement _root;

    private GoldenFile(JsonElement root) => _root = root;

    /// <summary>Loads a file of TestData beside the calling test's source file.</summary>
    public static GoldenFile Load(string fileName, [CallerFilePath] string here = "")
        => new(JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "TestData", fileName))).RootElement);

    /// <summary>One array of a case as a float64 tensor.</summary>
    public Tensor Get(string caseName, string key)
    {
        JsonElement e = _root.GetProperty("cases").GetProperty(caseName).GetProperty(key);
        int[] shape = [.. e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32())];
        double[] data = [.. e.GetProperty("data").EnumerateArray().Select(v => v.GetDouble())];
        return Tensor.Constant(data, shape);
    }

    /// <summary>Whether a case has an array named <paramref name="key"/>.</summary>
    public bool Has(string caseName, string key) => _root.GetProperty("cases").GetProperty(caseName).TryGetProperty(key, out _);
}
