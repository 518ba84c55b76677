using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Input;

/// <summary>
/// The combined sample's lines that parse, written to a test folder: every line is a record, so
/// <c>wc -l</c> is the record count an input test expects.
/// </summary>
public static class CleanLog
{
    /// <summary>Writes the log as <c>clean.log</c> in <paramref name="dir"/>; returns its path and its record count (wc -l).</summary>
    public static (string Path, long Records) Write(TempDirectory dir)
    {
        var path = dir.File("clean.log");
        File.WriteAllBytes(path, FastLogCli.Run("filter", "--format", "combined", System.IO.Path.Combine(RepoPaths.Samples, "combined", "access.log")).Stdout);
        return (path, long.Parse(Shell.Run($"wc -l < {path}").Trim()));
    }
}
