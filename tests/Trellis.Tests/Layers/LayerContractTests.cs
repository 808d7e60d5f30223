using Trellis.Checkpoints;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers;

/// <summary>Keras's <c>run_layer_test</c> idea: every layer passes the same checks.</summary>
public sealed class LayerContractTests
{

    public static TheoryData<string> Layers() =>
    [
        "dense", "dense_tanh_nobias", "flatten", "activation", "dropout", "reshape", "batch_normalization",
        "layer_normalization", "embedding", "permute", "repeat_vector",
    ];


    [Theory]
    [MemberData(nameof(Layers))]
    public void Layer_PassesContract(string kind) => LayerAssert.SatisfiesContract(() => Make(kind));

    private static LayerCase Make(string kind)
    {
        var x = Tensor.RandomNormal([4, 6], seed: 1);
        return kind switch
        {
            "dense" => new LayerCase(new Dense(3), x, new Shape(4, 3), 2, 2),
            "dense_tanh_nobias" => new LayerCase(new Dense(5, activation: "tanh", useBias: false), x, new Shape(4, 5), 1, 1),
            "flatten" => new LayerCase(new Flatten(), Tensor.RandomNormal([4, 2, 3], seed: 1), new Shape(4, 6), 0, 0),
            "activation" => new LayerCase(new Activation("softmax"), x, new Shape(4, 6), 0, 0),
            "dropout" => new LayerCase(new Dropout(0.5, seed: 3), x, new Shape(4, 6), 0, 0),
            "reshape" => new LayerCase(new Reshape([3, -1]), x, new Shape(4, 3, 2), 0, 0),
            "batch_normalization" => new LayerCase(new BatchNormalization(), Tensor.RandomNormal([4, 3, 6], seed: 1), new Shape(4, 3, 6), 4, 2),
            "layer_normalization" => new LayerCase(new LayerNormalization(), x, new Shape(4, 6), 2, 2),
            "embedding" => new LayerCase(new Embedding(10, 3), Tensor.Constant(new[] { 1, 4, 9, 0, 4, 2 }, [2, 3]), new Shape(2, 3, 3), 1, 1),
            "permute" => new LayerCase(new Permute([2, 1]), Tensor.RandomNormal([4, 2, 3], seed: 1), new Shape(4, 3, 2), 0, 0),
            "repeat_vector" => new LayerCase(new RepeatVector(3), x, new Shape(4, 3, 6), 0, 0),
            _ => throw new ArgumentException(kind),
        };
    }
}
