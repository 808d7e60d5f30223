namespace Trellis.Tests.Fixtures;

using Trellis.Layers;
using Trellis.Tests.TestSupport;

/// <summary>
/// The ONNX LayerNormalization node test and PyTorch's exported Embedding (../shared/fixtures/onnx_backend,
/// MANIFEST section 3c), run through the Trellis layers with the fixture's weights.
/// </summary>
/// <remarks>
/// test_layer_normalization_2d_axis0 normalizes X (3, 4) over every axis from 0, so over all 12 values, with
/// element-wise scale W (3, 4) and bias B (3, 4), epsilon 1e-5 (ONNX's default). Keras's LayerNormalization
/// normalizes the last axis of each sample, so the test views X as one sample of 12 values: reshape to (1, 12),
/// gamma = W and beta = B flattened, and reshape the output back.
/// test_Embedding is a Gather of the (vocabulary, 3) initializer by int64 indices (1, 4): Keras's Embedding with
/// the initializer as its `embeddings` weight (same layout, no conversion).
/// </remarks>
public class OnnxNormalizationEmbeddingFixtureTests
{
    private static Tensor Data(string suite, string name, string file) =>
        OnnxTensorFile.Read(TestSupport.Fixtures.Path("onnx_backend", suite, "test_" + name, "test_data_set_0", file));

    [Fact]
    public void LayerNormalization2dAxis0_MatchesOnnxOutput()
    {
        Tensor x = Data("node", "layer_normalization_2d_axis0", "input_0.pb");
        Tensor w = Data("node", "layer_normalization_2d_axis0", "input_1.pb");
        Tensor b = Data("node", "layer_normalization_2d_axis0", "input_2.pb");
        Tensor expected = Data("node", "layer_normalization_2d_axis0", "output_0.pb");

        var layer = new LayerNormalization(epsilon: 1e-5);
        Tensor flat = Ops.Reshape(x, [1, 12]);
        layer.EnsureBuilt(flat.Shape);
        var gamma = layer.Variables.Single(v => v.Name.EndsWith("gamma", StringComparison.Ordinal));
        var beta = layer.Variables.Single(v => v.Name.EndsWith("beta", StringComparison.Ordinal));
        gamma.Assign(Ops.Reshape(w, [12]));
        beta.Assign(Ops.Reshape(b, [12]));

        TensorAssert.Close(expected, Ops.Reshape(layer.Apply(flat), [3, 4]), rtol: 1e-5, atol: 1e-5);
    }

    [Fact]
    public void PyTorchEmbedding_MatchesOnnxOutput()
    {
        var model = OnnxModelFile.Read(TestSupport.Fixtures.Path("onnx_backend", "pytorch-converted", "test_Embedding", "model.onnx"));
        Tensor weights = model.Initializers.Values.Single();
        Tensor indices = Data("pytorch-converted", "Embedding", "input_0.pb");
        Tensor expected = Data("pytorch-converted", "Embedding", "output_0.pb");

        var layer = new Embedding(weights.Shape[0], weights.Shape[1]);
        layer.EnsureBuilt(indices.Shape);
        layer.Variables.Single().Assign(weights);

        TensorAssert.Close(expected, layer.Apply(indices), rtol: 1e-5, atol: 1e-6);
    }
}
