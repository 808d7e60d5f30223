using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Trellis.Tests.Losses;

/// <summary>tests/Trellis.Tests/Losses/TestData/loss_values.json, written by tools/reference/losses.py.</summary>
internal static class GoldenData
{
    private static readonly JsonElement s_root = Load();

    public static double Value(string key) => s_root.GetProperty("values").GetProperty(key).GetDouble();

    public static Tensor Input(string key)
    {
        var e = s_root.GetProperty("inputs").GetProperty(key);
        if (e[0].ValueKind == JsonValueKind.Array)
        {
            int rows = e.GetArrayLength(), cols = e[0].GetArrayLength();
            return Tensor.Constant(e.EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble())).ToArray(), [rows, cols]);
        }
        return Tensor.Constant(e.EnumerateArray().Select(v => v.GetDouble()).ToArray(), [e.GetArrayLength()]);
    }

    private static JsonElement Load([CallerFilePath] string here = "")
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "TestData", "loss_values.json"))).RootElement;
}
