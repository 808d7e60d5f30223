using Trellis.Layers;
using Trellis.Saving;

namespace Trellis.Tests.Saving;

/// <summary>API.md story 2's layer, registered, with its constructor argument kept so the default config can capture it.</summary>
[RegisterSerializable("trellis_tests>MyCustomLayer")]
public sealed class MyCustomLayer : Layer
{
    private readonly Variable _w;
    private readonly Variable _b;

    public MyCustomLayer(int units = 32, string? name = null)
        : base(name)
    {
        Units = units;
        _w = AddWeight("w", [10, units], initializer: "random_normal");
        _b = AddWeight("b", [units], initializer: "zeros");
    }

    public int Units { get; }

    protected override Tensor Call(Tensor inputs) => Ops.MatMul(inputs, _w) + _b;
}

/// <summary>The same layer without registration: loading it needs customObjects.</summary>
public sealed class UnregisteredLayer(int units = 4, string? name = null) : Layer(name)
{
    private readonly Variable _w = null!;

    public int Units { get; } = units;

    protected override void Build(Shape inputShape) => Unsafe.AsRef(in _w) = AddWeight("w", [inputShape[^1], Units]);

    protected override Tensor Call(Tensor inputs) => Ops.MatMul(inputs, _w);

    private static class Unsafe
    {
        public static ref T AsRef<T>(in T value) => ref System.Runtime.CompilerServices.Unsafe.AsRef(in value);
    }
}

/// <summary>Story 2's layer exactly as written: its constructor argument is not kept anywhere, so it cannot be saved.</summary>
public sealed class StoryTwoLayer : Layer
{
    private readonly Variable _w;
    private readonly Variable _b;

    public StoryTwoLayer(int units = 32)
    {
        _w = AddWeight("w", [10, units], initializer: "random_normal");
        _b = AddWeight("b", [units], initializer: "zeros");
    }

    protected override Tensor Call(Tensor inputs) => Ops.MatMul(inputs, _w) + _b;
}

/// <summary>A custom layer with its own GetConfig and FromConfig, for keys that are not constructor parameters.</summary>
[RegisterSerializable("trellis_tests>ScaleLayer")]
public sealed class ScaleLayer(double factor, string? name = null) : Layer(name)
{
    private readonly double _factor = factor;

    public static ScaleLayer FromConfig(IReadOnlyDictionary<string, object?> config)
        => new(Convert.ToDouble(config["scale_factor"], System.Globalization.CultureInfo.InvariantCulture), (string?)config["name"]);

    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["scale_factor"] = _factor;
        return config;
    }

    protected override Tensor Call(Tensor inputs) => inputs * _factor;
}
