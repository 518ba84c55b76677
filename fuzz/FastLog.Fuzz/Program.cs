using System.Runtime.InteropServices;
using FastLog.Fuzz;
using FastLog.Fuzz.Targets;

// usage: FastLog.Fuzz list
//        FastLog.Fuzz libfuzzer TARGET          (under the libFuzzer bridge: fuzz/driver/libfuzzer-bridge.c)
//        FastLog.Fuzz repro TARGET FILE|DIR...  (replays inputs; exit 1 when one fails)
//        FastLog.Fuzz seeds TARGET DIR          (writes the generated seed inputs)
//        FastLog.Fuzz bench TARGET DIR SECONDS  (runs DIR's inputs in turn in-process: execs/s and
//                                                bytes allocated per exec, the harness's own cost)
// An instrumented FastLog.Engine.dll writes edges to SharpFuzz's map from its first call on;
// until a fuzzer maps the real one (LibFuzzer.Run), and in every other mode, they go to a dummy.
unsafe
{
    SharpFuzz.Common.Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(1 << 16);
}
if (args.Length == 1 && args[0] == "list")
{
    foreach (var t in FuzzTargets.All) Console.WriteLine(t.Name);
    return 0;
}
if (args.Length < 2 || FuzzTargets.Find(args[1]) is not { } target)
{
    Console.Error.WriteLine("usage: FastLog.Fuzz list | libfuzzer TARGET | repro TARGET FILE|DIR... | seeds TARGET DIR");
    Console.Error.WriteLine($"targets: {string.Join(' ', FuzzTargets.All.Select(t => t.Name))}");
    return 2;
}
switch (args[0])
{
    case "libfuzzer":
        SharpFuzz.Fuzzer.LibFuzzer.Run(span => target.Run(span));
        return 0;
    case "repro":
        return Repro(target, args[2..]);
    case "bench" when args.Length == 4:
        return Bench(target, args[2], double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
    case "seeds" when args.Length == 3:
        Directory.CreateDirectory(args[2]);
        var count = 0;
        foreach (var (name, bytes) in target.Seeds())
        {
            File.WriteAllBytes(Path.Combine(args[2], name), bytes);
            count++;
        }
        Console.WriteLine($"{target.Name}: {count} generated seeds in {args[2]}");
        return 0;
    default:
        Console.Error.WriteLine($"unknown mode '{args[0]}'");
        return 2;
}

static int Bench(IFuzzTarget target, string dir, double seconds)
{
    var inputs = Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
    if (inputs.Length == 0) return 2;
    var bytes = inputs.Sum(i => (long)i.Length);
    // Warm-up: every input once, so tier-0 code and first-call allocations are not measured.
    foreach (var input in inputs) RunQuietly(target, input);
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var gcs = GC.CollectionCount(0);
    long execs = 0;
    // Invariant: execs inputs have run; each pass runs the whole directory once.
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        foreach (var input in inputs) RunQuietly(target, input);
        execs += inputs.Length;
    }
    var elapsed = clock.Elapsed.TotalSeconds;
    var perExec = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)execs;
    Console.WriteLine($"bench {target.Name}: {inputs.Length} inputs (mean {bytes / inputs.Length} bytes), {execs} execs in {elapsed:F1} s = {execs / elapsed:F0} execs/s, {perExec:F0} bytes allocated per exec, {GC.CollectionCount(0) - gcs} gen0 GCs");
    return 0;
}

static void RunQuietly(IFuzzTarget target, byte[] input)
{
    try
    {
        target.Run(input);
    }
    catch (Exception)
    {
        // A finding is not this mode's business (repro reports it); only the cost is measured.
    }
}

static int Repro(IFuzzTarget target, string[] paths)
{
    var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p).Order(StringComparer.Ordinal) : (IEnumerable<string>)[p]).ToList();
    var failed = 0;
    foreach (var file in files)
    {
        try
        {
            target.Run(File.ReadAllBytes(file));
        }
        catch (Exception e)
        {
            failed++;
            Console.Error.WriteLine($"FAIL {file}: {e}");
        }
    }
    Console.WriteLine($"repro {target.Name}: {files.Count} inputs, {failed} failed");
    return failed == 0 ? 0 : 1;
}
