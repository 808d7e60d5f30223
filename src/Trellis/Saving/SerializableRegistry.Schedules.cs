using Trellis.Optimizers;
using Trellis.Optimizers.Schedules;

namespace Trellis.Saving;

internal static partial class SerializableRegistry
{
    private static readonly Dictionary<string, Func<ConfigReader, LoadContext, LearningRateSchedule>> s_schedules = new(StringComparer.Ordinal)
    {
        ["ExponentialDecay"] = (c, _) => new ExponentialDecay(c.GetDouble("initial_learning_rate"), c.GetLong("decay_steps"), c.GetDouble("decay_rate"), c.GetBool("staircase", false)),
        ["InverseTimeDecay"] = (c, _) => new InverseTimeDecay(c.GetDouble("initial_learning_rate"), c.GetLong("decay_steps"), c.GetDouble("decay_rate"), c.GetBool("staircase", false)),
        ["PolynomialDecay"] = (c, _) => new PolynomialDecay(c.GetDouble("initial_learning_rate"), c.GetLong("decay_steps"), c.GetDouble("end_learning_rate", 0.0001),
            c.GetDouble("power", 1.0), c.GetBool("cycle", false)),
        ["CosineDecay"] = (c, _) => new CosineDecay(c.GetDouble("initial_learning_rate"), c.GetLong("decay_steps"), c.GetDouble("alpha", 0)),
        ["PiecewiseConstantDecay"] = (c, _) => new PiecewiseConstantDecay(
            (long[])ConfigValues.ConvertTo(c.GetList("boundaries"), typeof(long[]), $"{c.Path}.boundaries")!,
            (double[])ConfigValues.ConvertTo(c.GetList("values"), typeof(double[]), $"{c.Path}.values")!),
    };

    public static IReadOnlyCollection<string> BuiltInScheduleNames => s_schedules.Keys;

    public static Dictionary<string, object?> SerializeSchedule(LearningRateSchedule schedule)
        => IsBuiltIn(schedule, s_schedules.Keys) ? Wrap("keras.optimizers.schedules", schedule.GetType().Name, schedule.GetConfig(), null)
            : WrapCustom(schedule, typeof(LearningRateSchedule), schedule.GetConfig, "learning-rate schedule");

    public static LearningRateSchedule DeserializeSchedule(ConfigReader serialized, LoadContext context)
        => Deserialize(serialized, context, "learning-rate schedule", s_schedules);

    /// <summary>An optimizer in Keras 3 form; a schedule takes the place of <c>learning_rate</c>, as in Keras.</summary>
    public static Dictionary<string, object?> SerializeOptimizer(Optimizer optimizer)
    {
        var serialized = IsBuiltIn(optimizer, s_optimizers.Keys) ? Wrap("keras.optimizers", optimizer.GetType().Name, optimizer.GetConfig(), null)
            : WrapCustom(optimizer, typeof(Optimizer), optimizer.GetConfig, "optimizer");
        if (optimizer.Schedule is { } schedule)
        {
            ((Dictionary<string, object?>)serialized["config"]!)["learning_rate"] = SerializeSchedule(schedule);
        }
        return serialized;
    }

    public static Optimizer DeserializeOptimizer(ConfigReader serialized, LoadContext context)
    {
        LearningRateSchedule? schedule = null;
        var config = serialized.GetObject("config");
        if (config.Raw("learning_rate") is Dictionary<string, object?>)
        {
            schedule = DeserializeSchedule(config.GetObject("learning_rate"), context);
            // The learning_rate variable itself comes back from the checkpoint; the factory takes its default.
            var withoutRate = new Dictionary<string, object?>(config.Values, StringComparer.Ordinal);
            withoutRate.Remove("learning_rate");
            serialized = new ConfigReader(new Dictionary<string, object?>(serialized.Values, StringComparer.Ordinal) { ["config"] = withoutRate }, serialized.Path);
        }
        var optimizer = Deserialize(serialized, context, "optimizer", s_optimizers);
        optimizer.Schedule = schedule;
        return optimizer;
    }
}
