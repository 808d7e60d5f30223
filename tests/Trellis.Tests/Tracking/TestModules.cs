using Trellis.Tracking;

namespace Trellis.Tests.Tracking;

/// <summary>A layer-like test module whose weights are created on demand (like Keras Build), through the restore hook.</summary>
internal sealed class TestDense : Trackable
{
    private readonly int _inputs;
    private readonly int _units;

    public TestDense(int inputs, int units, bool build = true)
    {
        _inputs = inputs;
        _units = units;
        if (build)
        {
            Build();
        }
    }

    [NotTracked]
    public int InitializerCalls { get; private set; }

    public Variable? Kernel { get; private set; }

    public Variable? Bias { get; private set; }

    public void Build()
    {
        Kernel = AddTrackedVariable("kernel", [_inputs, _units], DType.Float32, () =>
        {
            InitializerCalls++;
            return Tensor.RandomNormal([_inputs, _units]);
        });
        Bias = AddTrackedVariable("bias", [_units], DType.Float32, () =>
        {
            InitializerCalls++;
            return Tensor.RandomNormal([_units]);
        });
    }
}

/// <summary>Holds two dense layers in fields and a list.</summary>
internal sealed class TestModel : Trackable
{
    public TestModel(bool build = true)
    {
        First = new TestDense(3, 4, build);
        Blocks = [new TestDense(4, 4, build), new TestDense(4, 2, build)];
    }

    public TestDense First { get; set; }

    public List<TestDense> Blocks { get; }

    public void Build()
    {
        First.Build();
        foreach (var b in Blocks)
        {
            b.Build();
        }
    }
}

/// <summary>An SGD-with-momentum-like optimizer that keeps one slot "m" per variable, created through the restore hook.</summary>
internal sealed class TestOptimizer : Trackable
{
    private readonly Dictionary<Variable, Variable> _m = new(ReferenceEqualityComparer.Instance);

    public TestOptimizer()
    {
        Iterations = AddTrackedVariable("iter", Shape.Scalar, DType.Int64, () => Tensor.Constant(0L), trainable: false);
    }

    public Variable Iterations { get; }

    [NotTracked]
    public int SlotInitializerCalls { get; private set; }

    public Variable Slot(Variable v)
    {
        if (!_m.TryGetValue(v, out var m))
        {
            m = CreateSlotVariable(v, "m", () =>
            {
                SlotInitializerCalls++;
                return Tensor.Zeros(v.Shape, v.DType);
            });
            _m.Add(v, m);
        }
        return m;
    }

    protected internal override IEnumerable<(string SlotName, Variable Original, Variable Slot)> SlotVariables()
    {
        foreach (var (v, m) in _m)
        {
            yield return ("m", v, m);
        }
    }
}
