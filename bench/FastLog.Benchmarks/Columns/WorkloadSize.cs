using System.Reflection;
using BenchmarkDotNet.Running;

namespace FastLog.Benchmarks.Columns;

/// <summary>
/// Reads the amount of input one benchmark operation processes from public static properties
/// of the benchmark class: <c>BytesPerOperation</c> and <c>LinesPerOperation</c>.
/// </summary>
/// <remarks>
/// Columns run in the host process, not in the benchmark process, so the sizes must be static
/// and deterministic (the input is generated from a fixed seed).
/// </remarks>
internal static class WorkloadSize
{
    public static long? Bytes(BenchmarkCase benchmarkCase) => Read(benchmarkCase, "BytesPerOperation");

    public static long? Lines(BenchmarkCase benchmarkCase) => Read(benchmarkCase, "LinesPerOperation");

    private static long? Read(BenchmarkCase benchmarkCase, string name)
    {
        var property = benchmarkCase.Descriptor.Type.GetProperty(name, BindingFlags.Public | BindingFlags.Static);
        return property?.GetValue(null) switch
        {
            long l => l,
            int i => i,
            _ => null,
        };
    }
}
