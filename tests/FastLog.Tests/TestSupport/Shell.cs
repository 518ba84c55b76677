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
        var (exitCode, stdout, errors) = Execute("/bin/sh", command, RepoPaths.Root, environment: null, TimeSpan.FromMinutes(10));
        Assert.True(exitCode == 0, $"oracle command exited {exitCode}: {command}\nstderr:\n{errors}");
        return stdout;
    }

    /// <summary>
    /// Runs <paramref name="script"/> with <c><paramref name="shell"/> -c</c> in
    /// <paramref name="directory"/>, stdin closed; fails the test if it does not end within
    /// <paramref name="timeout"/>.
    /// </summary>
    public static (int ExitCode, byte[] Stdout, string Stderr) Execute(string shell, string script, string directory,
        IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(shell)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {shell}");
        process.StandardInput.Close();
        using var stdout = new MemoryStream();
        // Both pipes are drained concurrently so neither can fill up and block the child.
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hang, not a timing assertion.
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"command did not finish in {timeout}: {script}");
        }
        copy.GetAwaiter().GetResult();
        return (process.ExitCode, stdout.ToArray(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Quotes <paramref name="word"/> for <c>/bin/sh</c> when it needs it.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or ',' or '=' or ':' or '+'))
            return word;
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
