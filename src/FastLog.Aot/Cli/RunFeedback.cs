using System.Diagnostics;
using System.Globalization;
using FastLog.Engine;
using FastLog.Output.Text;

namespace FastLog.Cli;

/// <summary>
/// What a run says about itself on stderr while and after it reads: the progress line (only when
/// stderr is a terminal and not <c>--quiet</c>) and the <c>--timings</c> lines.
/// </summary>
/// <remarks>
/// The progress line is one line redrawn in place (<c>\r</c>, the text, erase to the end of the
/// line) by a background thread at most 10 times a second, first after 0.3 s so short runs never
/// flash it, and erased when the run ends, so the report and any diagnostic start on a clean line.
/// </remarks>
public sealed class RunFeedback : IDisposable
{
    /// <summary>No line before the run has lasted this long.</summary>
    public static readonly TimeSpan FirstShown = TimeSpan.FromMilliseconds(300);

    /// <summary>The line is redrawn at most this often.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(100);

    private const string Erase = "\r\x1b[K";

    // The line on screen now, erased by a signal that ends the process (SignalCleanup); at most one run draws at a time.
    private static RunFeedback? s_drawing;

    private readonly TextWriter _stderr;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread? _ticker;
    private readonly Lock _lock = new();
    private bool _shown;
    private bool _ended;

    private RunFeedback(CliOptions options, IConsole console, bool outputWhileReading)
    {
        _stderr = console.Stderr;
        Timings = options.Timings ? new PhaseTimings() : null;
        // Records printed to the terminal as they are found (filter) would be torn by the line.
        if (options.Quiet || !console.StderrIsTerminal || options.Follow is not null || outputWhileReading && console.StdoutIsTerminal) return;
        Progress = new PipelineProgress();
        _ticker = new Thread(Tick) { IsBackground = true, Name = "fastlog-progress" };
        _ticker.Start();
    }

    /// <summary>The counters the pipeline feeds, or null when no progress line is drawn.</summary>
    public PipelineProgress? Progress { get; }

    /// <summary>The stage timings the pipeline records, or null without <c>--timings</c>.</summary>
    public PhaseTimings? Timings { get; }

    /// <summary>
    /// Starts the feedback of one run of <paramref name="options"/> (call just before the pipeline);
    /// <paramref name="outputWhileReading"/>: the command writes to stdout as it reads (filter, convert).
    /// </summary>
    public static RunFeedback Start(CliOptions options, IConsole console, bool outputWhileReading = false) => new(options, console, outputWhileReading);

    /// <summary>Stops and erases the progress line; call when reading ends, before anything else goes to stderr or the terminal.</summary>
    public void ReadingEnded()
    {
        if (_ticker is null) return;
        _stop.Set();
        _ticker.Join();
        lock (_lock)
        {
            if (_shown) _stderr.Write(Erase);
            _shown = false;
            _ended = true;
        }
        Interlocked.CompareExchange(ref s_drawing, null, this);
    }

    /// <summary>
    /// Writes the <c>--timings</c> lines: the pipeline's stages, then <paramref name="reportStage"/>
    /// (how long writing the result took), then the wall time since <see cref="Start"/>.
    /// </summary>
    public void WriteTimings(TimeSpan reportStage)
    {
        if (Timings is not { } t) return;
        var total = Stopwatch.GetElapsedTime(_started);
        if (t.Passes > 1) Line("first pass (discarded: a table passed or was foreseen to pass its budget)", t.DiscardedPass);
        Line("plan", t.Plan);
        Line("parse+aggregate", t.ParseAggregate);
        for (var i = 0; i < t.Threads.Count; i++)
            Line($"  thread {i + 1} ({t.Threads[i].Units} {(t.Threads[i].Units == 1 ? "unit" : "units")})", t.Threads[i].Busy);
        Line("merge", t.Merge);
        Line("report", reportStage);
        Line("total (wall)", total);
    }

    private void Line(string stage, TimeSpan time)
        => _stderr.Write(string.Create(CultureInfo.InvariantCulture, $"fastlog: timings: {stage,-24} {time.TotalMilliseconds,10:F1} ms\n"));

    /// <summary>Erases the line drawn now, if any: a signal is ending the process.</summary>
    internal static void EraseOnSignal() => Volatile.Read(ref s_drawing)?.ReadingEnded();

    private void Tick()
    {
        if (_stop.Wait(FirstShown)) return;
        Interlocked.Exchange(ref s_drawing, this);
        // Invariant: each iteration draws once, then waits Refresh or until the run ends.
        do
        {
            var line = ProgressLine.Format(Progress!.BytesDone, Progress.TotalBytes, Progress.Records, Stopwatch.GetElapsedTime(_started));
            lock (_lock)
            {
                if (_ended) return;
                _stderr.Write("\r" + line + "\x1b[K");
                _shown = true;
            }
        }
        while (!_stop.Wait(Refresh));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        ReadingEnded();
        _stop.Dispose();
    }
}
