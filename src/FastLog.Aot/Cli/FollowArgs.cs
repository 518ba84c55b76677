using System.Globalization;
using FastLog.Input.Follow;

namespace FastLog.Cli;

/// <summary>The validated <c>--follow</c> options of a command.</summary>
/// <param name="Options">How the files are followed.</param>
/// <param name="Interval">How often tables are reprinted (<c>--interval</c>).</param>
/// <param name="LineBuffered">filter: write each pass's matches out at once (<c>--line-buffered</c>, or a terminal).</param>
public sealed record FollowArgs(FollowOptions Options, TimeSpan Interval, bool LineBuffered)
{
    /// <summary>2 s: the default <c>--interval</c>.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    /// <summary>The follow options of <paramref name="args"/>, or null without <c>--follow</c>.</summary>
    /// <exception cref="UsageException">A follow option with a bad value (which commands take them is <see cref="FlagCheck"/>'s).</exception>
    public static FollowArgs? From(CliArgs args)
    {
        if (!args.Switches.Contains("--follow")) return null;
        var fromEnd = args.Values.GetValueOrDefault("--from", "start") switch
        {
            "start" => false,
            "end" => true,
            var other => throw new UsageException($"--from: expected start or end, got '{other}'"),
        };
        var interval = Duration(args, "--interval") ?? DefaultInterval;
        return new FollowArgs(
            new FollowOptions
            {
                StatePath = OutputTargets.CheckPath(args.Values.GetValueOrDefault("--state"), "--state"),
                StateInterval = interval,
                FromEnd = fromEnd,
                PartialLineTimeout = Duration(args, "--partial-line-timeout") ?? TimeSpan.FromSeconds(1),
                PollInterval = Duration(args, "--poll"),
            },
            interval,
            args.Switches.Contains("--line-buffered"));
    }

    /// <summary>A duration such as <c>250ms</c>, <c>2s</c>, <c>5m</c> or <c>1.5</c> (seconds), from 1 ms to 1 day; null when the flag is absent.</summary>
    private static TimeSpan? Duration(CliArgs args, string name)
    {
        if (!args.Values.TryGetValue(name, out var text)) return null;
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value * unit < 0.001 || value * unit > 86400)
            throw new UsageException($"{name}: expected a duration from 1ms to 1 day such as 250ms, 2s or 5m, got '{text}'");
        return TimeSpan.FromSeconds(value * unit);
    }
}
