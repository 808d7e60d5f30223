namespace Trellis.Summaries;

/// <summary>One scalar read back from an event file by <see cref="EventFileReader"/>.</summary>
/// <param name="Tag">The series name, e.g. <c>epoch_loss</c>.</param>
/// <param name="Step">The step (epoch or batch) it was logged at.</param>
/// <param name="WallTime">Seconds since the Unix epoch when it was logged.</param>
/// <param name="Value">The value (event files store scalars as float32).</param>
public sealed record ScalarEvent(string Tag, long Step, double WallTime, float Value);
