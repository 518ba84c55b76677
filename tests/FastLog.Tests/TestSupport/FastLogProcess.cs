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
/// Runs the built <c>fastlog</c> executable (FastLog.Aot's apphost, copied beside the tests) as a
/// real process, for behaviour an in-process run cannot show: closed descriptors, signals,
/// <c>/dev/full</c>, broken pipes.
/// </summary>
public static class FastLogProcess
{
    /// <summary>The apphost of FastLog.Aot in the test output directory.</summary>
    public static string Executable
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "fastlog");
            return File.Exists(path) ? path : throw new InvalidOperationException($"the fastlog executable is not beside the tests: {path}");
        }
    }

    /// <summary>
    /// Runs <c>/bin/sh -c</c> with <paramref name="shellCommand"/>, in which <c>FASTLOG</c> names the
    /// executable (so redirections such as <c>2&gt;&amp;-</c> apply to fastlog itself); never fails on the exit code.
    /// </summary>
    public static ProcessRun Shell(string shellCommand)
    {
        var start = TestSupport.Shell.StartInfo(shellCommand);
        start.Environment["FASTLOG"] = Executable;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /bin/sh");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hang (itself a failure), not a timing assertion.
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"did not finish in 2 minutes: {shellCommand}");
        }
        return new ProcessRun(shellCommand, process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>
    /// Starts fastlog directly (no shell, so no signal is ignored on its behalf) with
    /// <paramref name="args"/>; output is discarded, standard input is left open for the test to
    /// write (a run reading <c>-</c> waits on it until it is closed).
    /// </summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start fastlog");
        // Drained so a full pipe can never block the child.
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        return process;
    }
}
