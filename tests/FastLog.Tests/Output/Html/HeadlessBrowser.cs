using System.Text;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Output.Html;

/// <summary>
/// Runs Debian's headless Chromium on a file: <c>--dump-dom</c> for the DOM as the browser built
/// it, <c>--screenshot</c> for a PNG. Console messages (CSP violations among them) come on
/// stderr as <c>:CONSOLE</c> lines with <c>--enable-logging=stderr</c>. Each run has its own
/// profile and a timeout that kills the whole process tree (Shell.Execute).
/// </summary>
public static class HeadlessBrowser
{
    private static readonly string[] s_candidates = ["/usr/lib/chromium/chromium-headless-shell", "/usr/lib/chromium/chromium"];

    /// <summary>The browser binary, or null when none is installed.</summary>
    public static string? Executable
        => Environment.GetEnvironmentVariable("FASTLOG_CHROMIUM") is { Length: > 0 } own ? own : s_candidates.FirstOrDefault(File.Exists);

    /// <summary>The DOM of <paramref name="page"/> after load, and the browser's console lines.</summary>
    public static (string Dom, string[] Console) DumpDom(string page)
    {
        var (dom, stderr) = Run($"--dump-dom file://{page}");
        return (Encoding.UTF8.GetString(dom), ConsoleLines(stderr));
    }

    /// <summary>Writes a <paramref name="width"/>×<paramref name="height"/> screenshot of <paramref name="page"/> to <paramref name="png"/>; returns the console lines.</summary>
    public static string[] Screenshot(string page, string png, int width = 1280, int height = 900)
        => ConsoleLines(Run($"--window-size={width},{height} --screenshot={Shell.Quote(png)} file://{page}").Stderr);

    private static string[] ConsoleLines(string stderr) => stderr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToArray();

    private static (byte[] Stdout, string Stderr) Run(string arguments)
    {
        var browser = Executable ?? throw new InvalidOperationException("no headless chromium: apt-get install chromium-headless-shell");
        using var profile = new TempDirectory("chromium-profile");
        // As root Chromium needs --no-sandbox; the rest keeps it off the network and quiet.
        var script = $"{Shell.Quote(browser)} --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update "
            + $"--disable-sync --disable-extensions --disable-dev-shm-usage --hide-scrollbars --enable-logging=stderr --user-data-dir={Shell.Quote(profile.Path)} {arguments}";
        var (exitCode, stdout, stderr) = Shell.Execute("/bin/sh", script, profile.Path, null, TimeSpan.FromSeconds(90));
        Assert.True(exitCode == 0, $"chromium exited {exitCode}: {stderr}");
        return (stdout, stderr);
    }
}
