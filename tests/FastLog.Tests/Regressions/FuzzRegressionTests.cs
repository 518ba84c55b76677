using FastLog.Fuzz;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Regressions;

/// <summary>
/// Every input the fuzzing campaign found a defect with (fuzz/regressions/TARGET/*) and every
/// committed seed (fuzz/seeds/TARGET/*), replayed through its target: the same code and
/// invariants the fuzzer ran, without the fuzzer.
/// </summary>
public class FuzzRegressionTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var tree in new[] { "regressions", "seeds" })
        {
            var root = Path.Combine(RepoPaths.Root, "fuzz", tree);
            if (!Directory.Exists(root)) continue;
            foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
                foreach (var file in Directory.GetFiles(dir).Where(f => Path.GetFileName(f) != "README.md").Order(StringComparer.Ordinal))
                    data.Add(Path.GetFileName(dir), Path.GetRelativePath(RepoPaths.Root, file));
        }
        return data;
    }

    [Theory, MemberData(nameof(Inputs))]
    public void FuzzInput_HoldsItsTargetsInvariants(string target, string file)
    {
        var fuzzTarget = FuzzTargets.Find(target);
        Assert.True(fuzzTarget is not null, $"{file}: no fuzz target '{target}'");
        fuzzTarget.Run(File.ReadAllBytes(Path.Combine(RepoPaths.Root, file)));
    }

    [Fact]
    public void EveryRegressionDirectory_NamesATarget()
    {
        var root = Path.Combine(RepoPaths.Root, "fuzz", "regressions");
        foreach (var dir in Directory.GetDirectories(root))
            Assert.True(FuzzTargets.Find(Path.GetFileName(dir)) is not null, $"fuzz/regressions/{Path.GetFileName(dir)} names no target");
    }
}
