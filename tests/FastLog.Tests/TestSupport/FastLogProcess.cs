using System.Diagnostics;
using System.Text;

namespace FastLog.Tests.TestSupport;

/// <summary>What one run of the built <c>fastlog</c> executable produced.</summary>
/// <param name="Command">The shell command, for failure messages.</param>
/// <param name="ExitCode">The shell's exit code (the last command's).</param>
/// <param name="Stdout">Standard output as UTF-8.</param>
/// <param name="Stderr">Standard error as UTF-8.</param>
public sealed record ProcessRun(string Command, int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the built <c>fastlog</c> (the apphost beside the test assembly) as a real process, for
/// what an in-process run cannot show: <c>&lt;(…)</c>, <c>/dev/stdin</c> on a pipe, FIFOs,
/// dropped privileges, file-descriptor limits, closed descriptors, signals, <c>/dev/full</c>,
/// broken pipes. Scripts call it as <c>$FASTLOG</c>.
/// </summary>
public static class FastLogProcess
{
    /// <summary>The apphost built from FastLog.Aot and copied beside the tests.</summary>
    public static string Executable
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "fastlog");
            return File.Exists(path) ? path : throw new InvalidOperationException($"the fastlog executable is not beside the tests: {path}");
        }
    }

    private static Dictionary<string, string> Environment => new() { ["FASTLOG"] = Executable };

    /// <summary>Runs <paramref name="script"/> with <c>bash -c</c> in <paramref name="directory"/> (default: the repository root).</summary>
    public static CliResult Run(string script, string? directory = null, TimeSpan? timeout = null)
    {
        var (exitCode, stdout, stderr) = TestSupport.Shell.Execute("/bin/bash", script, directory ?? RepoPaths.Root,
            Environment, timeout ?? TimeSpan.FromMinutes(2));
        return new CliResult(["bash", "-c", script], exitCode, stdout, stderr);
    }

    /// <summary>
    /// Runs <c>/bin/sh -c</c> with <paramref name="shellCommand"/>, in which <c>FASTLOG</c> names the
    /// executable (so redirections such as <c>2&gt;&amp;-</c> apply to fastlog itself); never fails on the exit code.
    /// </summary>
    public static ProcessRun Shell(string shellCommand)
    {
        var (exitCode, stdout, stderr) = TestSupport.Shell.Execute("/bin/sh", shellCommand, RepoPaths.Root, Environment, TimeSpan.FromMinutes(2));
        return new ProcessRun(shellCommand, exitCode, Encoding.UTF8.GetString(stdout), stderr);
    }

    /// <summary>
    /// Starts fastlog with <paramref name="args"/> and every signal at its default disposition:
    /// a test host started in the background inherits an ignored SIGINT, which fastlog (like any
    /// program) keeps, so python3 resets it and then execs fastlog in its own process. Output is
    /// discarded, standard input is left open for the test to write (a run reading <c>-</c> waits
    /// on it until it is closed).
    /// </summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("python3")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import os, signal, sys; [signal.signal(s, signal.SIG_DFL) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)]; os.execv(sys.argv[1], sys.argv[1:])");
        start.ArgumentList.Add(Executable);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start fastlog");
        // Drained so a full pipe can never block the child.
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        return process;
    }
}
