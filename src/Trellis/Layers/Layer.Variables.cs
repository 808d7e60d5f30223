using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace Trellis.Layers;

public abstract partial class Layer
{
    private static readonly ConcurrentDictionary<Type, FieldInfo[]> s_layerFields = new();

    /// <summary>This layer's own weights, in creation order (sub-layers not included).</summary>
    public IReadOnlyList<Variable> OwnWeights => _ownWeights;

    /// <summary>All weights: this layer's own, then each sub-layer's, depth first, each variable once (Keras order).</summary>
    public IReadOnlyList<Variable> Variables
    {
        get
        {
            var result = new List<Variable>();
            var seen = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
            foreach (var layer in SelfAndDescendants())
            {
                foreach (var w in layer._ownWeights)
                {
                    if (seen.Add(w))
                    {
                        result.Add(w);
                    }
                }
            }
            return result;
        }
    }

    /// <summary>The weights an optimizer updates: trainable weights of layers that are <see cref="Trainable"/> (with their parents).</summary>
    public IReadOnlyList<Variable> TrainableVariables => SplitVariables(trainable: true);

    /// <summary>The weights not trained: non-trainable weights and all weights of frozen layers.</summary>
    public IReadOnlyList<Variable> NonTrainableVariables => SplitVariables(trainable: false);

    /// <summary>The sub-layers found in this layer's fields (direct children only), in field order.</summary>
    /// <remarks>Found in fields, lists, arrays and string-keyed dictionaries, including <c>[NotTracked]</c> ones
    /// (those are left out of checkpoints, not out of the model).</remarks>
    public virtual IReadOnlyList<Layer> SubLayers
    {
        get
        {
            var result = new List<Layer>();
            foreach (var member in LayerFields(GetType()))
            {
                CollectLayers(member.GetValue(this), result);
            }
            return result;
        }
    }

    /// <summary>The regularization penalties of this layer and its sub-layers, computed from the current weights.</summary>
    /// <returns>One scalar per regularized weight; compute them inside a tape to differentiate them.</returns>
    public IReadOnlyList<Tensor> RegularizationLosses()
    {
        var result = new List<Tensor>();
        foreach (var layer in SelfAndDescendants())
        {
            foreach (var (weight, regularizer) in layer._regularized)
            {
                result.Add(regularizer.Compute(weight));
            }
        }
        return result;
    }

    /// <summary>This layer and every layer below it, each once, depth first.</summary>
    internal IEnumerable<Layer> SelfAndDescendants()
    {
        var seen = new HashSet<Layer>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Layer>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var layer = stack.Pop();
            if (!seen.Add(layer))
            {
                continue;
            }
            yield return layer;
            var children = layer.SubLayers;
            for (int i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }
    }

    private List<Variable> SplitVariables(bool trainable)
    {
        var result = new List<Variable>();
        var seen = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
        Collect(this, parentTrainable: true);
        return result;

        void Collect(Layer layer, bool parentTrainable)
        {
            bool layerTrainable = parentTrainable && layer.Trainable;
            foreach (var w in layer._ownWeights)
            {
                if ((layerTrainable && w.Trainable) == trainable && seen.Add(w))
                {
                    result.Add(w);
                }
            }
            foreach (var child in layer.SubLayers)
            {
                Collect(child, layerTrainable);
            }
        }
    }

    private static FieldInfo[] LayerFields(Type type) => s_layerFields.GetOrAdd(type, static t =>
    {
        var chain = new List<Type>();
        for (var c = t; c is not null && c != typeof(Layer); c = c.BaseType)
        {
            chain.Add(c);
        }
        chain.Reverse();
        var fields = new List<FieldInfo>();
        foreach (var c in chain)
        {
            foreach (var f in c.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!MayHoldLayers(f.FieldType) || f.Name == nameof(_ownWeights))
                {
                    continue;
                }
                fields.Add(f);
            }
        }
        return [.. fields];
    });

    private static bool MayHoldLayers(Type type)
        => typeof(Layer).IsAssignableFrom(type)
        || (typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(string) && !typeof(Tensor).IsAssignableFrom(type))
        || type == typeof(object);

    private static void CollectLayers(object? value, List<Layer> into)
    {
        switch (value)
        {
            case Layer layer:
                into.Add(layer);
                break;
            case IDictionary dict:
                foreach (DictionaryEntry entry in dict)
                {
                    if (entry.Key is string && entry.Value is Layer l)
                    {
                        into.Add(l);
                    }
                }
                break;
            case IEnumerable items and not string:
                foreach (var item in items)
                {
                    if (item is Layer l)
                    {
                        into.Add(l);
                    }
                }
                break;
        }
    }
}
