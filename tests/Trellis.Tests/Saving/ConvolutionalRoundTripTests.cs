using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Trellis.Initializers;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Regularizers;
using Trellis.Saving;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Saving;

public sealed class ConvolutionalRoundTripTests
{
    public static TheoryData<string> LayerNames =>
    [
        "Conv1D", "Conv2D", "Conv2DTranspose", "DepthwiseConv2D", "SeparableConv2D", "AveragePooling1D", "AveragePooling2D",
        "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "MaxPooling1D", "MaxPooling2D",
        "Cropping2D", "UpSampling2D", "ZeroPadding2D",
    ];

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void SaveLoad_ConvolutionalLayer_ConfigWeightsAndPredictionsEqual(string className)
    {
        (Layer layer, int[] inputShape) = Create(className);
        var model = new Sequential(new InputLayer(inputShape), layer, new Flatten(), new Dense(2));
        Tensor x = Tensor.RandomNormal([3, .. inputShape], seed: 7);
        Tensor expected = model.Predict(x);

        var loaded = SavingTestSupport.RoundTrip(model);

        Assert.Equal(className, loaded.Layers[0].GetType().Name);
        Assert.Equal(SavingTestSupport.ConfigJsonOf(model), SavingTestSupport.ConfigJsonOf(loaded));
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        TensorAssert.BitEqual(expected, loaded.Predict(x));
    }

    [Fact]
    public void SaveLoad_TrainedConvNetWithOptimizer_ContinuedTrainingEqual()
    {
        var model = new Sequential(
            new Conv2D(3, [3], padding: "same", activation: "relu", inputShape: [6, 6, 2]),
            new MaxPooling2D(),
            new SeparableConv2D(4, [2, 2]),
            new GlobalAveragePooling2D(),
            new Dense(2));
        model.Compile("adam", "mse");
        Tensor x = Tensor.RandomNormal([4, 6, 6, 2], seed: 1), y = Tensor.RandomNormal([4, 2], seed: 2);
        model.Fit(x, y, epochs: 1, batchSize: 2, verbose: 0, seed: 3);

        var loaded = SavingTestSupport.RoundTrip(model);

        TensorAssert.BitEqual(model.Predict(x), loaded.Predict(x));
        model.Fit(x, y, epochs: 1, batchSize: 2, verbose: 0, seed: 4);
        loaded.Fit(x, y, epochs: 1, batchSize: 2, verbose: 0, seed: 4);
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        SavingTestSupport.AssertOptimizerStateBitEqual(model, loaded);
    }

    [Theory]
    [InlineData("filters", "4", "400000000", "weight elements")]
    [InlineData("kernel_size", "[3, 3]", "[30000, 30000]", "kernel_size")]
    [InlineData("kernel_size", "[3, 3]", "[3, 400]", "weight elements")]
    [InlineData("input_shape", "[null, 5, 5, 2]", "[null, 1, 1, 1000]", "weight elements")]
    public void Load_ConvConfigAskingForMoreWeightsThanStored_ThrowsBeforeAllocating(string key, string saved, string edited, string expectedInMessage)
    {
        var model = new Sequential(new Conv2D(4, [3], inputShape: [5, 5, 2]), new Flatten());
        byte[] archive = SavingTestSupport.SaveToBytes(model);
        byte[] damaged = EditConfig(archive, key, saved, edited);

        var e = Assert.Throws<TrellisFormatException>(() => ModelArchive.Load(damaged, "edited.trellis"));

        Assert.True(e.Message.Contains(expectedInMessage, StringComparison.Ordinal), e.Message);
    }

    private static (Layer Layer, int[] InputShape) Create(string className) => className switch
    {
        "Conv1D" => (new Conv1D(4, [3], strides: [2], padding: "causal", dilationRate: [1], groups: 2, activation: "tanh",
            kernelRegularizer: new L2(0.01), biasRegularizer: new L1(0.02)) { KernelInitializer = new HeNormal(seed: 3), BiasInitializer = new Constant(0.1) }, [9, 2]),
        "Conv2D" => (new Conv2D(3, [3, 2], strides: [1, 2], padding: "same", dataFormat: "channels_first", dilationRate: [1, 1], activation: "relu",
            kernelRegularizer: new L1L2(0.01, 0.02)) { BiasInitializer = new RandomNormal(seed: 5) }, [2, 6, 5]),
        "Conv2DTranspose" => (new Conv2DTranspose(3, [3], strides: [2], padding: "same", outputPadding: [1], activation: "sigmoid")
            { BiasInitializer = new Constant(-0.2) }, [4, 3, 2]),
        "DepthwiseConv2D" => (new DepthwiseConv2D([2, 3], depthMultiplier: 2, padding: "same", depthwiseRegularizer: new L2(0.1))
            { DepthwiseInitializer = new GlorotNormal(seed: 1), BiasInitializer = new Constant(0.3) }, [5, 5, 2]),
        "SeparableConv2D" => (new SeparableConv2D(4, [3], strides: [2], depthMultiplier: 2, useBias: true, pointwiseRegularizer: new L1(0.01))
            { PointwiseInitializer = new HeUniform(seed: 2), BiasInitializer = new Constant(0.5) }, [7, 7, 3]),
        "AveragePooling1D" => (new AveragePooling1D(3, strides: 2, padding: "same"), [7, 2]),
        "MaxPooling1D" => (new MaxPooling1D(2, dataFormat: "channels_first"), [3, 6]),
        "AveragePooling2D" => (new AveragePooling2D([2, 3], strides: [1, 2], padding: "same"), [5, 6, 2]),
        "MaxPooling2D" => (new MaxPooling2D([3, 3], strides: [2, 2], dataFormat: "channels_first"), [2, 7, 7]),
        "GlobalAveragePooling1D" => (new GlobalAveragePooling1D(keepDims: true), [5, 3]),
        "GlobalMaxPooling1D" => (new GlobalMaxPooling1D(dataFormat: "channels_first"), [3, 5]),
        "GlobalAveragePooling2D" => (new GlobalAveragePooling2D(dataFormat: "channels_first"), [2, 4, 4]),
        "GlobalMaxPooling2D" => (new GlobalMaxPooling2D(keepDims: true), [4, 4, 2]),
        "Cropping2D" => (new Cropping2D([1, 0, 2, 1]), [6, 6, 2]),
        "ZeroPadding2D" => (new ZeroPadding2D([1, 2], dataFormat: "channels_first"), [2, 3, 3]),
        "UpSampling2D" => (new UpSampling2D([2, 3]), [3, 2, 2]),
        _ => throw new InvalidOperationException("Add the new layer " + className + " to this test."),
    };

    /// <summary>Rewrites <paramref name="key"/>'s value in the archive's config.json (whitespace-tolerant).</summary>
    private static byte[] EditConfig(byte[] archive, string key, string saved, string edited)
    {
        var members = new List<(string Name, byte[] Bytes)>();
        using (var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read))
        {
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                members.Add((entry.FullName, buffer.ToArray()));
            }
        }
        int index = members.FindIndex(m => m.Name == ArchiveMembers.Config);
        string json = Encoding.UTF8.GetString(members[index].Bytes);
        string pattern = "\"" + Regex.Escape(key) + "\"\\s*:\\s*" + Regex.Escape(saved).Replace(",\\ ", ",\\s*", StringComparison.Ordinal).Replace("\\[", "\\[\\s*", StringComparison.Ordinal).Replace("]", "\\s*]", StringComparison.Ordinal);
        string changed = Regex.Replace(json, pattern, "\"" + key + "\": " + edited);
        Assert.NotEqual(json, changed);
        members[index] = (members[index].Name, Encoding.UTF8.GetBytes(changed));
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in members)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                stream.Write(bytes);
            }
        }
        return output.ToArray();
    }
}
