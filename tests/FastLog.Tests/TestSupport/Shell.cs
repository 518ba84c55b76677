using System.Diagnostics;
using System.Text;
using Xunit;

namespace FastLog.Tests.TestSupport;

/// <summary>
/// Runs oracle commands with <c>/bin/sh -c</c> in the repository root, so the tests can say in
/// one readable string what an independent tool computes (awk, sort, uniq, grep, python3).
/// </summary>
public static class Shell
{
    /// <summary>Runs <paramref name="command"/>; fails the test unless it exits 0; returns stdout as UTF-8.</summary>
    public static string Run(string command) => Encoding.UTF8.GetString(RunBytes(command));

    /// <summary>Runs <paramref name="command"/>; fails the test unless it exits 0; returns stdout.</summary>
    public static byte[] RunBytes(string command)
    {
        using var process = Process.Start(StartInfo(command)) ?? throw new InvalidOperationException("could not start /bin/sh");
        process.StandardInput.Close();
        using var stdout = new MemoryStream();
        // Both pipes are drained concurrently so neither can fill up and block the child.
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hung tool, not a timing assertion.
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"oracle command did not finish in 10 minutes: {command}");
        }
        copy.GetAwaiter().GetResult();
        var errors = stderr.GetAwaiter().GetResult();
        Assert.True(process.ExitCode == 0, $"oracle command exited {process.ExitCode}: {command}\nstderr:\n{errors}");
        return stdout.ToArray();
    }

    /// <summary><c>/bin/sh -c <paramref name="command"/></c> in the repository root, every stream redirected.</summary>
    public static ProcessStartInfo StartInfo(string command)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        return start;
    }

    /// <summary>Quotes <paramref name="word"/> for <c>/bin/sh</c> when it needs it.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or ',' or '=' or ':' or '+'))
            return word;
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
