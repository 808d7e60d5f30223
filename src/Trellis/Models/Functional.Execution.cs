using Trellis.Layers;
using Trellis.Layers.Merging;

namespace Trellis.Models;

public partial class Functional
{
    /// <summary>Runs every layer call in order on data, carrying Keras's padding mask from an Embedding to the next recurrent layer.</summary>
    internal IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs, bool training)
    {
        CheckInputShapes([.. inputs.Select(t => t?.Shape ?? throw new ArgumentException($"Model '{Name}': input tensors must not be null.", nameof(inputs)))]);
        var values = new Dictionary<KerasTensor, (Tensor Value, Tensor? Mask)>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _inputs.Length; i++)
        {
            values[_inputs[i]] = (inputs[i], null);
        }
        foreach (var node in _graph.Nodes)
        {
            if (node.Style == NodeCallStyle.Input)
            {
                continue;
            }
            var args = node.Inputs.Select(t => values[t]).ToList();
            var (outputs, mask) = Invoke(node, args, training);
            for (int i = 0; i < node.Outputs.Count; i++)
            {
                values[node.Outputs[i]] = (outputs[i], mask);
            }
        }
        return [.. _outputs.Select(t => values[t].Value)];
    }

    private static (IReadOnlyList<Tensor> Outputs, Tensor? Mask) Invoke(LayerNode node, List<(Tensor Value, Tensor? Mask)> args, bool training)
    {
        var layer = node.Layer;
        if (node.Style == NodeCallStyle.Arguments)
        {
            return layer is MultiHeadAttention mha
                ? ([mha.ApplyArguments([.. args.Select(a => a.Value)], training)], null)
                : throw new InvalidOperationException($"Layer '{layer.Name}' ({layer.GetType().Name}) cannot be called with several tensor arguments.");
        }
        if (node.Style == NodeCallStyle.List)
        {
            var list = args.Select(a => a.Value).ToList();
            return layer switch
            {
                Merge merge => ([merge.Apply(list)], null),
                Attention attention => ([attention.ApplyList(list, training)], null),
                Functional functional => (functional.Run(list, training), null),
                _ => throw new InvalidOperationException($"Layer '{layer.Name}' ({layer.GetType().Name}) cannot be called with a list of tensors."),
            };
        }
        var (x, mask) = args[0];
        if (layer is Functional nested)
        {
            return (nested.Run([x], training), null);
        }
        var y = mask is not null && layer is IMaskConsumer consumer ? consumer.Apply(x, mask, training) : layer.Apply(x, training);
        var outMask = layer switch
        {
            Embedding embedding => embedding.ComputeMask(x),
            Dropout or Activation => mask, // element-wise: the same steps stay valid
            _ => null,
        };
        return ([y], outMask);
    }

    private void CheckInputShapes(IReadOnlyList<Shape> shapes)
    {
        if (shapes.Count != _inputs.Length)
        {
            throw new ArgumentException(
                $"Model '{Name}' expects {_inputs.Length} input(s) [{string.Join(", ", InputNames.Select(n => $"'{n}'"))}], but received {shapes.Count}. Pass one tensor per input, in that order.");
        }
        for (int i = 0; i < shapes.Count; i++)
        {
            var expected = _inputs[i].Shape;
            var actual = shapes[i];
            bool ok = expected.Rank == actual.Rank;
            for (int a = 0; ok && a < expected.Rank; a++)
            {
                ok = expected[a] == Shape.Unknown || actual[a] == Shape.Unknown || expected[a] == actual[a];
            }
            if (!ok)
            {
                throw new ArgumentException(
                    $"Model '{Name}': input '{_inputs[i].Layer.Name}' expects shape {expected}, but received {actual}. Reshape the data or change the shape given to Functional.Input.");
            }
        }
    }
}
