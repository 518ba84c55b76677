using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using FastLog.Benchmarks.Columns;

namespace FastLog.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/FastLog.Benchmarks -- --filter '*ScannerBench*'</c>
/// (or <c>dotnet pwsh build.ps1 micro</c>). Any BenchmarkDotNet argument works, e.g. <c>--job short</c>.
/// </summary>
public static class Program
{
    /// <summary>Runs the selected benchmarks; exit code 1 when any of them failed.</summary>
    public static int Main(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(new MBPerSecColumn(), new NsPerLineColumn())
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToList();
        // BenchmarkDotNet itself exits 0 when a benchmark fails to build or run, so failures are
        // turned into an exit code here.
        // A filter that matches nothing is a failure too (it usually means a mangled argument).
        var failed = summaries.Count == 0 || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        if (failed)
            Console.Error.WriteLine("FastLog.Benchmarks: at least one benchmark failed (see the log above).");
        return failed ? 1 : 0;
    }
}
