using System.Runtime.InteropServices;
using FastLog.Scanning;

namespace FastLog.Cli;

/// <summary>
/// Which build this is: the constants <c>Commit</c>, <c>Date</c> and <c>RuntimeIdentifier</c> are
/// generated at build time by FastLog.Aot.csproj (target FastLogBuildInfo).
/// </summary>
internal static partial class BuildInfo
{
    /// <summary>The runtime identifier the binary was published for; a RID-less (JIT) build reports the one it runs on.</summary>
    public static string Rid => RuntimeIdentifier.Length > 0 ? RuntimeIdentifier : RuntimeInformation.RuntimeIdentifier;

    /// <summary>
    /// The <c>--version</c> line, e.g. <c>fastlog 0.1.0 (a1b2c3d 2026-12-10) linux-arm64 scanner=v128 available=scalar,v128</c>:
    /// the scanner is the one a run would use now (FASTLOG_SCANNER included), available the ones this CPU can run.
    /// </summary>
    public static string VersionLine()
    {
        var available = string.Join(',', ScannerFactory.Available.Select(ScannerFactory.NameOf));
        var scanner = ScannerFactory.NameOf(ScannerFactory.Choose(Environment.GetEnvironmentVariable(ScannerFactory.OverrideVariable)));
        return $"fastlog {CommandRunner.Version} ({Commit} {Date}) {Rid} scanner={scanner} available={available}\n";
    }
}
