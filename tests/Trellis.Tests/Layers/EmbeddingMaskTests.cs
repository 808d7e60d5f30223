using Trellis.Layers;
using Trellis.Models;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers;

public class EmbeddingMaskTests
{
    [Fact]
    public void MaskZero_InSequential_RecurrentLayerSkipsPadding()
    {
        // The same sequences, once padded with trailing zeros: with maskZero the LSTM's final output is unchanged.
        var embedding = new Embedding(10, 4, maskZero: true);
        var lstm = new LSTM(3);
        var model = new Sequential(embedding, new Dropout(0.5, seed: 2), lstm);
        var shortSeq = Tensor.Constant(new[,] { { 3, 5, 7 }, { 2, 9, 1 } });
        var padded = Tensor.Constant(new[,] { { 3, 5, 7, 0, 0 }, { 2, 9, 1, 0, 0 } });
        TensorAssert.Close(model.Predict(shortSeq), model.Predict(padded), rtol: 1e-6, atol: 1e-7);

        // Without the mask, the padding steps change the result.
        var unmasked = new Sequential(new Embedding(10, 4), lstm);
        unmasked.Layers[0].EnsureBuilt(padded.Shape);
        ((Embedding)unmasked.Layers[0]).Embeddings.Assign(embedding.Embeddings);
        Assert.NotEqual(unmasked.Predict(shortSeq).ToArray<float>(), unmasked.Predict(padded).ToArray<float>());
    }

    [Fact]
    public void ComputeMask_MarksNonZeroIndices_AndConfigSaysMaskZero()
    {
        var embedding = new Embedding(5, 2, maskZero: true);
        Assert.Equal(new[] { true, false, true }, embedding.ComputeMask(Tensor.Constant(new[] { 4, 0, 1 }))!.ToArray<bool>());
        Assert.Equal(true, embedding.GetConfig()["mask_zero"]);
        Assert.Null(new Embedding(5, 2).ComputeMask(Tensor.Constant(new[] { 1 })));
    }
}
