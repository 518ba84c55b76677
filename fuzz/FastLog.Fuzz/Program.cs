using System.Runtime.InteropServices;
using FastLog.Fuzz;
using FastLog.Fuzz.Targets;

// usage: FastLog.Fuzz list
//        FastLog.Fuzz libfuzzer TARGET          (under the libFuzzer bridge: fuzz/driver/libfuzzer-bridge.c)
//        FastLog.Fuzz repro TARGET FILE|DIR...  (replays inputs; exit 1 when one fails)
//        FastLog.Fuzz seeds TARGET DIR          (writes the generated seed inputs)
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
