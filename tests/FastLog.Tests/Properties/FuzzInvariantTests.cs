using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Fuzz.Invariants;

namespace FastLog.Tests.Properties;

/// <summary>The fuzz targets' record checker fails on each kind of broken batch (so a fuzz run that passes means something).</summary>
public class FuzzInvariantTests
{
    private static readonly BlockOrigin Origin = new(0, 0, 100, 10);

    private static LogBatch OneRecord(ReadOnlySpan<byte> block)
    {
        var batch = new LogBatch(4) { Format = LogFormat.Combined, Count = 1 };
        batch.Line[0] = new ByteRange(0, block.Length - 1);
        batch.LineIndex[0] = 10;
        batch.FileOffset[0] = 100;
        batch.Ip[0] = new ByteRange(0, 3);
        batch.Status[0] = 200;
        batch.Bytes[0] = 5;
        batch.UnixSeconds[0] = 0;
        batch.RequestTimeMicros[0] = -1;
        foreach (var c in new[] { batch.User, batch.Method, batch.Path, batch.Query, batch.Protocol, batch.Referer, batch.Agent }) c[0] = ByteRange.Null;
        return batch;
    }

    public static TheoryData<string> Breakages() => ["range past the block", "line index not increasing", "offset before the block", "status out of domain", "negative length"];

    [Theory, MemberData(nameof(Breakages))]
    public void BlockChecker_Rejects(string breakage)
    {
        var block = "1.2.3.4 x\n"u8.ToArray();
        var checker = new BlockChecker("test");
        checker.Reset(Origin, block.Length);
        var good = OneRecord(block);
        checker.Consume(good, block);
        checker.Reset(Origin, block.Length);
        var bad = OneRecord(block);
        switch (breakage)
        {
            case "range past the block": bad.Ip[0] = new ByteRange(8, 3); break;
            case "line index not increasing": bad.LineIndex[0] = 9; break;
            case "offset before the block": bad.FileOffset[0] = 99; break;
            case "status out of domain": bad.Status[0] = 42; break;
            case "negative length": bad.Path[0] = new ByteRange(0, -2); break;
        }
        Assert.Throws<InvariantViolation>(() => checker.Consume(bad, block));
    }

    [Fact]
    public void BlockChecker_RejectsCountsThatDoNotAddUp()
    {
        var block = "a\nb\n"u8.ToArray();
        var checker = new BlockChecker("test");
        checker.Reset(Origin, block.Length);
        var counters = new ParseCounters { Lines = 2, Parsed = 1 };
        Assert.Throws<InvariantViolation>(() => checker.CheckCounters(counters, 2, block, Origin));
    }
}
