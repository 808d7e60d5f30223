namespace Trellis;

/// <summary>
/// A file Trellis was asked to read is not in the expected format, or is damaged: a checkpoint index with a bad
/// checksum, a truncated data shard, an unsupported legacy format. The message names the file and the key or
/// block at fault and says what was expected.
/// </summary>
public class TrellisFormatException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public TrellisFormatException()
        : base("The file is not in a format Trellis can read.")
    {
    }

    /// <summary>Creates the exception with a message naming the file and what is wrong.</summary>
    /// <param name="message">What was expected, what was found, in which file.</param>
    public TrellisFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the problem.</summary>
    /// <param name="message">What was expected, what was found, in which file.</param>
    /// <param name="innerException">The underlying error (an I/O or protobuf parse error).</param>
    public TrellisFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
