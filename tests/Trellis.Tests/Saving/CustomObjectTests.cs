using Trellis.Layers;
using Trellis.Models;

namespace Trellis.Tests.Saving;

public sealed class CustomObjectTests
{
    private static readonly Tensor s_x = Tensor.RandomNormal([5, 10], seed: 1);

    [Fact]
    public void SaveLoad_RegisteredStory2Layer_LoadsWithoutCustomObjects()
    {
        var model = new Sequential(new MyCustomLayer(units: 64, name: "mine"), new Dense(3), new ScaleLayer(0.5, name: "scale"));
        model.Compile("adam", "mse");
        model.Fit(s_x, Tensor.RandomNormal([5, 3], seed: 2), epochs: 1, verbose: 0, seed: 1);

        var loaded = SavingTestSupport.RoundTrip(model);

        Assert.IsType<MyCustomLayer>(loaded.Layers[0]);
        Assert.Equal(64, ((MyCustomLayer)loaded.Layers[0]).Units);
        Assert.IsType<ScaleLayer>(loaded.Layers[2]);
        Assert.Equal(SavingTestSupport.ConfigJsonOf(model), SavingTestSupport.ConfigJsonOf(loaded));
        Assert.Contains("\"registered_name\":\"trellis_tests>MyCustomLayer\"", SavingTestSupport.ConfigJsonOf(model), StringComparison.Ordinal);
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        TestSupport.TensorAssert.BitEqual(model.Predict(s_x), loaded.Predict(s_x));
    }

    [Fact]
    public void Load_UnregisteredCustomLayer_FailsNamingTheClassAndTheFix()
    {
        var model = new Sequential(new Dense(3, inputShape: [10]), new UnregisteredLayer(4, name: "custom"));
        byte[] archive = SavingTestSupport.SaveToBytes(model);

        var e = Assert.Throws<TrellisFormatException>(() => Trellis.Saving.ModelArchive.Load(archive, "custom.trellis"));

        Assert.Contains("UnregisteredLayer", e.Message, StringComparison.Ordinal);
        Assert.Contains("[RegisterSerializable(", e.Message, StringComparison.Ordinal);
        Assert.Contains("customObjects", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnregisteredCustomLayerWithCustomObjects_Loads()
    {
        var model = new Sequential(new Dense(3, inputShape: [10]), new UnregisteredLayer(4, name: "custom"));
        byte[] archive = SavingTestSupport.SaveToBytes(model);

        var loaded = Trellis.Saving.ModelArchive.Load(archive, "custom.trellis", new Dictionary<string, Type> { ["UnregisteredLayer"] = typeof(UnregisteredLayer) });

        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        TestSupport.TensorAssert.BitEqual(model.Predict(s_x), loaded.Predict(s_x));
    }

    [Fact]
    public void Load_UnregisteredCustomLayerWithSafeModeOff_FindsTheTypeByFullName()
    {
        var model = new Sequential(new Dense(3, inputShape: [10]), new UnregisteredLayer(4, name: "custom"));
        byte[] archive = SavingTestSupport.SaveToBytes(model);

        var loaded = Trellis.Saving.ModelArchive.Load(archive, "custom.trellis", safeMode: false);

        Assert.IsType<UnregisteredLayer>(loaded.Layers[1]);
    }

    [Fact]
    public void Save_LayerWhoseConstructorArgumentIsNotKept_FailsSayingWhatToImplement()
    {
        var model = new Sequential(new StoryTwoLayer(units: 8));

        var e = Assert.Throws<InvalidOperationException>(() => SavingTestSupport.SaveToBytes(model));

        Assert.Contains("StoryTwoLayer", e.Message, StringComparison.Ordinal);
        Assert.Contains("'units'", e.Message, StringComparison.Ordinal);
        Assert.Contains("GetConfig", e.Message, StringComparison.Ordinal);
    }
}
