using Trellis.Summaries.Proto;

namespace Trellis.Summaries;

/// <summary>Reads TensorBoard event files: every record's CRCs are verified, then the scalars are decoded.</summary>
public static class EventFileReader
{
    /// <summary>The file version string TensorFlow writes in the first record of every event file.</summary>
    public const string FileVersion = "brain.Event:2";

    /// <summary>Reads every scalar (<c>Summary.Value.simple_value</c>) of an event file, in file order.</summary>
    /// <param name="path">An <c>events.out.tfevents.*</c> file.</param>
    /// <returns>The scalars.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="TrellisFormatException">A record is truncated, fails a CRC check or is not an Event, or the first record is not the file version.</exception>
    public static IReadOnlyList<ScalarEvent> ReadScalars(string path)
    {
        var scalars = new List<ScalarEvent>();
        foreach (Event e in ReadEvents(path))
        {
            if (e.WhatCase != Event.WhatOneofCase.Summary)
            {
                continue;
            }
            foreach (var v in e.Summary.Value)
            {
                if (v.ValueCase == Summary.Types.Value.ValueOneofCase.SimpleValue)
                {
                    scalars.Add(new ScalarEvent(v.Tag, e.Step, e.WallTime, v.SimpleValue));
                }
            }
        }
        return scalars;
    }

    /// <summary>Every event of a file, after checking the framing and the leading file-version record.</summary>
    internal static List<Event> ReadEvents(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var events = new List<Event>();
        foreach (byte[] record in TfRecordReader.ReadAll(File.ReadAllBytes(path), path))
        {
            try
            {
                events.Add(Event.Parser.ParseFrom(record));
            }
            catch (Google.Protobuf.InvalidProtocolBufferException ex)
            {
                throw new TrellisFormatException($"Event file '{path}': record {events.Count} is not a serialized tensorflow.Event.", ex);
            }
        }
        if (events.Count == 0 || events[0].FileVersion != FileVersion)
        {
            throw new TrellisFormatException($"Event file '{path}': the first record should be an Event with file_version \"{FileVersion}\" but {(events.Count == 0 ? "the file is empty" : $"it is '{events[0].WhatCase}'")}.");
        }
        return events;
    }
}
