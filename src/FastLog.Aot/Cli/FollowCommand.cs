using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using FastLog.Engine;
using FastLog.Input.Follow;
using FastLog.Output.Text;

namespace FastLog.Cli;

/// <summary>
/// <c>--follow</c> on filter, detect, count, top and stats: the files and directories are read
/// and then followed (<see cref="Follower"/>) until SIGINT or SIGTERM; what is emitted while
/// following depends on the command (<see cref="IFollowEmitter"/>).
/// </summary>
/// <remarks>
/// Exit codes: 0 after SIGINT or SIGTERM (the last lines read, the output flushed), also when
/// standard output closes; 1 when the output cannot be written; 2 for usage errors. SIGHUP
/// reopens the <c>-o</c> file of filter and detect, for logrotate of fastlog's own output.
/// </remarks>
public static class FollowCommand
{
    /// <summary>Follows <paramref name="options"/>' inputs until a stop signal; returns the exit code.</summary>
    public static int Run(CliOptions options, IConsole console) => Run(options, console, CancellationToken.None);

    /// <summary>As <see cref="Run(CliOptions, IConsole)"/>, also stopping when <paramref name="stopped"/> is cancelled (tests).</summary>
    public static int Run(CliOptions options, IConsole console, CancellationToken stopped)
    {
        var follow = options.Follow!;
        if (options.InputArgs.Count == 0 || options.InputArgs.Contains("-"))
            throw new UsageException("--follow reads files and directories, not standard input");
        foreach (var path in options.InputArgs)
            if (!File.Exists(path) && !Directory.Exists(path))
                console.Stderr.Write($"fastlog: warning: {TerminalText.Escape(path)}: no such file yet; it is read when it appears\n");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopped);
        using var signals = new FollowSignals(stop);
        using var emitter = FollowEmitters.Create(options, console, signals);
        var pipeline = new FollowPipeline(new PipelineOptions
        {
            Inputs = [],
            CreateAggregator = () => emitter.Aggregator,
            Format = options.Format,
            Settings = options.Settings,
            Scanner = options.Scanner,
            Where = options.Where,
            SkipLinesWithoutLiteral = true,
        }, emitter.Aggregator, console.Stderr, emitter.PassDone);
        using var follower = new Follower(options.InputArgs, follow.Options, pipeline, console.Stderr)
        {
            State = emitter.State is { } counts ? new FollowRunState(FollowRunState.KindOf(options), pipeline, counts) : null,
        };
        try
        {
            follower.Run(stop.Token);
            emitter.Finish(pipeline);
        }
        catch (SinkFailedException e)
        {
            // The output failed while a line was handed on: report the output's own failure
            // (a closed stdout ends the run with exit 0, see FastLogApp).
            ExceptionDispatchInfo.Capture(emitter.Failure ?? e.InnerException!).Throw();
        }
        return 0;
    }
}

/// <summary>
/// SIGINT and SIGTERM stop following (the run then reads what is left, flushes and exits 0);
/// SIGHUP asks for the output file to be reopened. The default actions are cancelled.
/// </summary>
internal sealed class FollowSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private int _reopen;

    public FollowSignals(CancellationTokenSource stop)
    {
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                Volatile.Write(ref _reopen, 1);
            }),
        ];
    }

    /// <summary>True once after each SIGHUP.</summary>
    public bool TakeReopen() => Interlocked.Exchange(ref _reopen, 0) == 1;

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }
}
