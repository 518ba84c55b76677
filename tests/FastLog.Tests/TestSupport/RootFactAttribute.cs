namespace FastLog.Tests.TestSupport;

/// <summary>
/// A fact that needs root (device nodes made with <c>mknod</c>, files given away with <c>chown</c>):
/// skipped, saying so, for other users. xunit 2 has no run-time skip, so the check runs at
/// discovery time in the attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    /// <summary>Skips unless the tests run as root.</summary>
    public RootFactAttribute()
    {
        if (Environment.UserName != "root") Skip = "needs root (mknod, chown)";
    }
}
