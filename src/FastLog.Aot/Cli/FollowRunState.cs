using System.IO.Hashing;
using System.Text;
using FastLog.Engine;
using FastLog.Input.Follow;
using FastLog.Partials;

namespace FastLog.Cli;

/// <summary>
/// What <c>--state</c> keeps of a followed run beside the offsets: the inputs read so far (their
/// names, line and byte counts, the line counters) and the command's counts (detect's rule
/// generations and the findings already printed; count, top, stats and analyze's tables), in the
/// partials' serialisation.
/// </summary>
internal sealed class FollowRunState(string kind, FollowPipeline pipeline, IPartialState counts) : ICheckpointedState
{
    /// <summary>Options of <c>--follow</c> itself: they change how files are read, never what is counted.</summary>
    private static readonly string[] s_followOnly = ["--follow", "--from", "--partial-line-timeout", "--interval", "--poll", "--state", "--line-buffered"];

    public string Kind { get; } = kind;

    /// <summary>
    /// The kind of a run of <paramref name="options"/>: the command, the state format's version
    /// and a hash of the options that shape the counts (as a partial records them, without the
    /// follow options), so a restart with other rule options, rules, <c>--where</c> or field is refused.
    /// </summary>
    public static string KindOf(CliOptions options)
    {
        var shaping = new StringBuilder();
        foreach (var token in options.ShapingOptions)
        {
            var name = token.Split('=', 2)[0];
            if (!s_followOnly.Contains(name)) shaping.Append(token).Append('\0');
        }
        return $"{options.Command}.v{Partial.FormatVersion}.{XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(shaping.ToString())):x32}";
    }

    public byte[] Save()
    {
        var writer = new PartialWriter();
        pipeline.WriteInputs(writer);
        counts.WriteState(writer);
        return writer.Written.ToArray();
    }

    public void Load(byte[] saved)
    {
        var reader = new PartialReader(saved);
        pipeline.ReadInputs(reader);
        counts.ReadState(reader);
        reader.ExpectEnd();
    }
}
