
namespace FastLog.Tests.TestSupport;

/// <summary>
/// Runs the built <c>fastlog</c> (the apphost beside the test assembly) as a real process from a
/// bash script, for what an in-process run cannot show: <c>&lt;(…)</c>, <c>/dev/stdin</c> on a
/// pipe, FIFOs, dropped privileges, file-descriptor limits. The script calls it as <c>$FASTLOG</c>.
/// </summary>
public static class FastLogProcess
{
    /// <summary>The apphost built from FastLog.Aot and copied beside the tests.</summary>
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "fastlog");

    /// <summary>Runs <paramref name="script"/> with <c>bash -c</c> in <paramref name="directory"/> (default: the repository root).</summary>
    public static CliResult Run(string script, string? directory = null, TimeSpan? timeout = null)
    {
        var (exitCode, stdout, stderr) = Shell.Execute("/bin/bash", script, directory ?? RepoPaths.Root,
            new Dictionary<string, string> { ["FASTLOG"] = Executable }, timeout ?? TimeSpan.FromMinutes(2));
        return new CliResult(["bash", "-c", script], exitCode, stdout, stderr);
    }
}
