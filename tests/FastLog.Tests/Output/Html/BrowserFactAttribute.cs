namespace FastLog.Tests.Output.Html;

/// <summary>
/// A fact that needs Debian's headless Chromium (<c>apt-get install chromium-headless-shell</c>;
/// <c>FASTLOG_CHROMIUM</c> names another binary). Skipped, saying so, on a machine without it;
/// never skipped under CI (<c>CI=true</c>), where .ci/run installs it: there a missing browser fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Skips when no browser is installed outside CI.</summary>
    public BrowserFactAttribute()
    {
        if (HeadlessBrowser.Executable is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "needs Debian's chromium-headless-shell (or FASTLOG_CHROMIUM)";
    }
}
