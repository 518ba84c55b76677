using FastLog.Tests.TestSupport;
using Xunit;
using Delivery = FastLog.Tests.EndToEnd.InvarianceFixture.Delivery;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 2, "What it must show" item 2: the same bytes out, whatever the thread count, I/O
/// strategy, delivery (file, stdin, .gz file, gzip on stdin) and chunking. Each variant runs
/// <c>analyze --output json --stable</c>, <c>count --by status,method --output csv</c> and
/// <c>top ip --output csv -n 100000</c>, and each output must equal the reference run's
/// (<c>--threads 1 --io read</c> on the plain file). Forced scanners are in
/// <see cref="ScannerInvarianceTests"/> (they set a process-wide variable).
/// </summary>
public class InvarianceTests(InvarianceFixture fixture) : IClassFixture<InvarianceFixture>
{
    /// <summary>
    /// Variants by name. The samples are far below the default chunk size (4 MiB), so the
    /// thread variants also run with <c>--chunk-size 4099</c> (a prime: cuts fall mid-line at
    /// ever-changing columns) to give every worker several chunks; the generated log (~4.7 MB)
    /// splits by default too.
    /// </summary>
    private static readonly Dictionary<string, (string[] Flags, Delivery Delivery)> s_variants = new()
    {
        ["threads=2"] = (["--threads", "2"], Delivery.File),
        ["threads=3"] = (["--threads", "3"], Delivery.File),
        ["threads=8"] = (["--threads", "8"], Delivery.File),
        ["threads=1,chunk=4099"] = (["--threads", "1", "--chunk-size", "4099"], Delivery.File),
        ["threads=2,chunk=4099"] = (["--threads", "2", "--chunk-size", "4099"], Delivery.File),
        ["threads=3,chunk=4099"] = (["--threads", "3", "--chunk-size", "4099"], Delivery.File),
        ["threads=8,chunk=4099"] = (["--threads", "8", "--chunk-size", "4099"], Delivery.File),
        ["io=read"] = (["--io", "read"], Delivery.File),
        ["io=mmap"] = (["--io", "mmap"], Delivery.File),
        ["io=auto"] = (["--io", "auto"], Delivery.File),
        ["io=mmap,threads=3,chunk=4099"] = (["--io", "mmap", "--threads", "3", "--chunk-size", "4099"], Delivery.File),
        ["stdin"] = ([], Delivery.Stdin),
        ["stdin,threads=1"] = (["--threads", "1"], Delivery.Stdin),
        ["gz"] = ([], Delivery.Gz),
        ["gz,threads=3"] = (["--threads", "3"], Delivery.Gz),
        ["gzip-without-.gz-name"] = ([], Delivery.GzUnsuffixed),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var input in InvarianceFixture.InputNames)
            foreach (var variant in s_variants.Keys)
                data.Add(input, variant);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void Output_IsByteIdentical_ToReferenceRun(string input, string variant)
    {
        var (flags, delivery) = s_variants[variant];
        foreach (var command in InvarianceFixture.CommandNames)
        {
            var expected = fixture.Reference(input, command);
            var actual = fixture.Run(input, command, flags, delivery);
            OutputAssert.Equal(expected, actual,
                $"{command} on {input}: [{variant}: {delivery} {string.Join(' ', flags)}] vs reference [{string.Join(' ', InvarianceFixture.ReferenceFlags)}]");
        }
    }

    // Files are recognised as gzip by their magic bytes, not their name; stdin should be too
    // (`gzip -c access.log | fastlog analyze -`).
    [Theory, MemberData(nameof(InputNames))]
    public void GzipOnStdin_IsByteIdentical_ToReferenceRun(string input)
    {
        foreach (var command in InvarianceFixture.CommandNames)
        {
            var expected = fixture.Reference(input, command);
            var actual = fixture.Run(input, command, [], Delivery.GzStdin);
            OutputAssert.Equal(expected, actual, $"{command} on {input}: [gzip bytes on stdin] vs reference [{string.Join(' ', InvarianceFixture.ReferenceFlags)}]");
        }
    }

    // Guards the comparison itself: the reference outputs are not trivially empty.
    [Theory, MemberData(nameof(InputNames))]
    public void ReferenceOutputs_HaveRecords(string input)
    {
        Assert.Contains("\"records\": ", fixture.Reference(input, "analyze"), StringComparison.Ordinal);
        Assert.DoesNotContain("\"records\": 0,", fixture.Reference(input, "analyze"), StringComparison.Ordinal);
        Assert.True(fixture.Reference(input, "count").Split('\n').Length > 3, fixture.Reference(input, "count"));
        Assert.True(fixture.Reference(input, "top").Split('\n').Length > 3, fixture.Reference(input, "top"));
    }

    public static TheoryData<string> InputNames() => new(InvarianceFixture.InputNames);
}
