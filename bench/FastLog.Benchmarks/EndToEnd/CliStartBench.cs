using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace FastLog.Benchmarks.EndToEnd;

/// <summary>
/// Cold start of the published native binary: <c>artifacts/fastlog --version</c> as a new
/// process, every invocation measured (<see cref="RunStrategy.ColdStart"/>, no warm-up), as in
/// the ConsoleAppFramework README. The SPEC target is under 20 ms.
/// </summary>
/// <remarks>
/// Includes <see cref="Process"/>'s own fork/exec and pipe set-up (about a millisecond), so it
/// reads a little higher than hyperfine's figure in bench/results/&lt;machine&gt;.md, which
/// subtracts its shell. Publish first (<c>dotnet pwsh build.ps1 publish</c>); the benchmark
/// fails when artifacts/fastlog is missing.
/// </remarks>
[SimpleJob(RunStrategy.ColdStart, launchCount: 1, warmupCount: 0, iterationCount: 30)]
[MemoryDiagnoser(false)]
public class CliStartBench
{
    private string _binary = "";

    /// <summary>Finds artifacts/fastlog above the benchmark's directory.</summary>
    [GlobalSetup]
    public void Setup()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "artifacts", "fastlog");
            if (File.Exists(Path.Combine(dir.FullName, "FastLog.sln")) && File.Exists(candidate))
            {
                _binary = candidate;
                return;
            }
        }
        throw new FileNotFoundException("artifacts/fastlog not found: run 'dotnet pwsh build.ps1 publish' first");
    }

    /// <summary>Starts <c>fastlog --version</c> and waits for it to exit.</summary>
    [Benchmark]
    public int Version()
    {
        using var process = Process.Start(new ProcessStartInfo(_binary, "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }
}
