using FastLog.Columns;
using FastLog.Formats;
using FastLog.Formats.Clf;
using FastLog.Generation.Alb;
using FastLog.Generation.Auth;
using FastLog.Generation.Clf;
using FastLog.Generation.CloudTrail;
using FastLog.Generation.Github;
using FastLog.Generation.Syslog;
using FastLog.Generation.W3c;

namespace FastLog.Generation;

/// <summary>
/// The only place the generation stages are wired together: build the generator for the
/// options, let worker threads write segments, write them to the output in order, cut at
/// <c>--size</c>, and count what went out (lines, malformed lines, each scenario's lines).
/// </summary>
/// <remarks>
/// The output is the concatenation of segments 0, 1, 2, … and each segment depends only on the
/// options and its index (<see cref="ISegmentGenerator"/>), so the bytes do not depend on
/// <see cref="GenerationOptions.Threads"/> or on scheduling.
/// </remarks>
public static class LogGenerator
{
    /// <summary>The generator for <paramref name="options"/> (the traffic model is built here, once).</summary>
    public static ISegmentGenerator Create(GenerationOptions options) => options.Format switch
    {
        LogFormat.Common or LogFormat.Combined or LogFormat.Nginx
            => new ClfSegmentGenerator((ClfVariant)options.Format, options.Lines, options.SizeBytes, options.Seed, options.Attacks, options.MalformedPerMillion, options.Shape),
        LogFormat.Auth => new AuthSegmentGenerator(options),
        LogFormat.CloudTrail => new CloudTrailSegmentGenerator(options),
        LogFormat.Github => new GithubSegmentGenerator(options),
        LogFormat.Syslog => new SyslogSegmentGenerator(options),
        LogFormat.W3c => new W3cSegmentGenerator(options),
        LogFormat.Alb => new AlbSegmentGenerator(options),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Format, "generate does not write this format"),
    };

    /// <summary>Generates the log of <paramref name="options"/> into <paramref name="output"/>.</summary>
    public static GenerationResult Generate(GenerationOptions options, Stream output)
        => Run(Create(options), options.SizeBytes, Math.Max(1, options.Threads), output);

    /// <summary>Runs <paramref name="generator"/> on <paramref name="threads"/> workers, writing to <paramref name="output"/>.</summary>
    public static GenerationResult Run(ISegmentGenerator generator, long? sizeBytes, int threads, Stream output)
    {
        var ring = new SegmentRing(2 * threads + 1, generator.SegmentCount);
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            workers[t] = new Thread(() => Work(generator, ring)) { IsBackground = true, Name = $"fastlog-generate-{t}" };
            workers[t].Start();
        }

        var scenarios = generator.Scenarios;
        var events = new long[scenarios.Count];
        var first = new long[scenarios.Count];
        var last = new long[scenarios.Count];
        long lines = 0, bytes = 0, malformed = 0, headers = 0;
        try
        {
            for (long index = 0; index < generator.SegmentCount; index++)
            {
                var segment = ring.Take(index);
                var length = segment.Length;
                var done = false;
                if (sizeBytes is { } size && bytes + length >= size)
                {
                    // Stop at the first line end at or past the size: the LF at file offset >= size - 1.
                    var from = (int)(size - bytes - 1);
                    length = from + segment.Buffer.AsSpan(from, segment.Length - from).IndexOf((byte)'\n') + 1;
                    done = true;
                }
                output.Write(segment.Buffer, 0, length);
                bytes += length;
                lines += length == segment.Length ? segment.Lines : segment.Buffer.AsSpan(0, length).Count((byte)'\n');
                foreach (var end in segment.MalformedLineEnds)
                    if (end <= length) malformed++;
                foreach (var end in segment.HeaderLineEnds)
                    if (end <= length) headers++;
                foreach (var (scenario, time, end) in segment.AttackLines)
                {
                    if (end > length) continue;
                    if (events[scenario]++ == 0) first[scenario] = time;
                    last[scenario] = time;
                }
                ring.Release(index, segment);
                if (done) break;
            }
            output.Flush();
        }
        finally
        {
            ring.Stop();
            foreach (var worker in workers) worker.Join();
        }

        var outcomes = new List<ScenarioOutcome>();
        for (var s = 0; s < scenarios.Count; s++)
            if (events[s] > 0) outcomes.Add(new ScenarioOutcome(scenarios[s], events[s], first[s], last[s]));
        return new GenerationResult
        {
            Lines = lines,
            Bytes = bytes,
            MalformedLines = malformed,
            HeaderLines = headers,
            TimezoneOffset = generator.TimezoneOffset,
            EndUnixSeconds = generator.EndUnixSeconds,
            Scenarios = outcomes,
        };
    }

    private static void Work(ISegmentGenerator generator, SegmentRing ring)
    {
        try
        {
            while (ring.TryClaim(out var index, out var segment))
            {
                generator.Write(index, segment);
                ring.Publish(index, segment);
            }
        }
        catch (Exception e)
        {
            ring.Fail(e); // deliberate catch-all: the writer rethrows it on its own thread
        }
    }
}
