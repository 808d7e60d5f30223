using Trellis.Tests.Fixtures.OnnxModel;

namespace Trellis.Tests.Fixtures;

/// <summary>Reads a model.onnx: the first node's attributes and the initializers (float32 weights) by name.</summary>
internal sealed class OnnxModelFile
{
    private OnnxModelFile(NodeProto node, Dictionary<string, Tensor> initializers)
    {
        Node = node;
        Initializers = initializers;
    }

    public NodeProto Node { get; }

    public Dictionary<string, Tensor> Initializers { get; }

    /// <summary>The node's input <paramref name="index"/> as an initializer (W is input 1, B input 2 for Conv).</summary>
    public Tensor Input(int index) => Initializers[Node.Input[index]];

    public long[] Ints(string name) => [.. Node.Attribute.Single(a => a.Name == name).Ints];

    public int[] IntsOr(string name, int[] fallback)
    {
        var attr = Node.Attribute.SingleOrDefault(a => a.Name == name);
        return attr is null ? fallback : [.. attr.Ints.Select(v => checked((int)v))];
    }

    public static OnnxModelFile Read(string path)
    {
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var initializers = new Dictionary<string, Tensor>();
        foreach (var t in model.Graph.Initializer)
        {
            if (t.DataType != 1)
            {
                throw new NotSupportedException($"{path}: initializer '{t.Name}' has ONNX data_type {t.DataType}; these tests read float32 (1) only.");
            }
            var shape = new Shape([.. t.Dims.Select(d => checked((int)d))]);
            initializers[t.Name] = t.RawData.IsEmpty ? Tensor.Constant(t.FloatData.ToArray(), shape) : Tensor.FromBytes(t.RawData.Span, shape, DType.Float32);
        }
        return new OnnxModelFile(model.Graph.Node[0], initializers);
    }
}
