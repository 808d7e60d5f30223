namespace Trellis.Cli.Training;

/// <summary>Thrown by the test hook that stops a run mid-epoch, as a crash or a kill would.</summary>
internal sealed class TrainingInterruptedException : Exception
{
    public TrainingInterruptedException()
        : base("Training was interrupted by the test hook.")
    {
    }

    public TrainingInterruptedException(string message)
        : base(message)
    {
    }

    public TrainingInterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
