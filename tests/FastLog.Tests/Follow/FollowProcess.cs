using System.Diagnostics;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Follow;

/// <summary>
/// The built fastlog running <c>--follow</c> as a real process, with default signal dispositions,
/// standard output written to a file the test reads, and signals sent by pid.
/// </summary>
internal sealed class FollowProcess : IDisposable
{
    private readonly Process _process;

    public FollowProcess(string stdoutPath, string stderrPath, params string[] args)
    {
        StdoutPath = stdoutPath;
        var start = new ProcessStartInfo("python3") { UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import os, signal, sys; [signal.signal(s, signal.SIG_DFL) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)]; "
            + "os.dup2(os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 1); os.dup2(os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2); "
            + "os.execv(sys.argv[3], sys.argv[3:])");
        start.ArgumentList.Add(stdoutPath);
        start.ArgumentList.Add(stderrPath);
        start.ArgumentList.Add(FastLogProcess.Executable);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start fastlog");
    }

    public string StdoutPath { get; }

    public void Signal(string name) => Shell.Run($"kill -{name} {_process.Id}");

    /// <summary>Waits until standard output has at least <paramref name="lines"/> lines (or 20 s pass).</summary>
    public void WaitForLines(int lines)
    {
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 20_000 && (!File.Exists(StdoutPath) || File.ReadAllLines(StdoutPath).Length < lines)) Thread.Sleep(20);
    }

    /// <summary>Sends SIGTERM and returns the exit code.</summary>
    public int Stop(string signal = "TERM")
    {
        Signal(signal);
        if (!_process.WaitForExit(20_000)) throw new TimeoutException("fastlog did not stop within 20 s of SIG" + signal);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}
