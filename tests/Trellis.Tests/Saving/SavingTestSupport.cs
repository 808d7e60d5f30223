using Trellis.Models;
using Trellis.Saving;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Saving;

/// <summary>Shared helpers for the model archive tests.</summary>
internal static class SavingTestSupport
{
    public static string TempPath(string name) => Path.Combine(Path.GetTempPath(), "trellis-saving-" + Guid.NewGuid().ToString("N"), name);

    public static void DeleteFileAndDirectory(string path)
    {
        string? dir = Path.GetDirectoryName(path);
        if (dir is not null && Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Saves and loads <paramref name="model"/> through a temporary file.</summary>
    public static Model RoundTrip(Model model, IReadOnlyDictionary<string, Type>? customObjects = null)
    {
        string path = TempPath("model.trellis");
        try
        {
            model.Save(path);
            return Model.Load(path, customObjects);
        }
        finally
        {
            DeleteFileAndDirectory(path);
        }
    }

    public static byte[] SaveToBytes(Model model)
    {
        string path = TempPath("model.trellis");
        try
        {
            model.Save(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            DeleteFileAndDirectory(path);
        }
    }

    /// <summary>The config as canonical JSON (what equality of configs means here).</summary>
    public static string ConfigJsonOf(Trellis.Layers.Layer layer) => ConfigJson.SerializeToString(SerializableRegistry.SerializeLayer(layer));

    public static void AssertWeightsBitEqual(Model expected, Model actual)
    {
        Tensor[] a = expected.GetWeights(), b = actual.GetWeights();
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++)
        {
            TensorAssert.BitEqual(a[i], b[i]);
        }
    }

    public static void AssertOptimizerStateBitEqual(Model expected, Model actual)
    {
        var oa = expected.Optimizer!;
        var ob = actual.Optimizer!;
        Assert.Equal(oa.Iterations.Item<long>(), ob.Iterations.Item<long>());
        var va = expected.TrainableVariables;
        var vb = actual.TrainableVariables;
        Assert.Equal(va.Count, vb.Count);
        for (int i = 0; i < va.Count; i++)
        {
            foreach (string slot in oa.SlotNames)
            {
                var sa = oa.GetSlot(va[i], slot);
                var sb = ob.GetSlot(vb[i], slot);
                Assert.NotNull(sa);
                Assert.NotNull(sb);
                TensorAssert.BitEqual(sa!.Value(), sb!.Value());
            }
        }
    }
}
