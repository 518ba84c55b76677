using FastLog.Scanning;
using FastLog.Tests.TestSupport;
using Xunit;
using Delivery = FastLog.Tests.EndToEnd.InvarianceFixture.Delivery;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 2 item 2, scanners: with <c>FASTLOG_SCANNER</c> forcing each scanner this CPU runs
/// (scalar, v128, v256), every output equals the reference run (the scanner the CPU picks, or
/// the one the caller of the whole suite forced, e.g. build.ps1 test-scanners).
/// </summary>
[Collection(ForcedScannerCollection.Name)]
public class ScannerInvarianceTests(InvarianceFixture fixture) : IClassFixture<InvarianceFixture>
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var input in InvarianceFixture.InputNames)
            foreach (var kind in ScannerFactory.Available)
                data.Add(input, ScannerFactory.NameOf(kind));
        return data;
    }

    [Fact]
    public void EveryScanner_IsAvailable_OnThisMachine()
        => Assert.Equal(["scalar", "v128", "v256"], ScannerFactory.Available.Select(ScannerFactory.NameOf));

    [Theory, MemberData(nameof(Cases))]
    public void Output_IsByteIdentical_WithForcedScanner(string input, string scanner)
    {
        // Reference first, under the caller's environment.
        var expected = InvarianceFixture.CommandNames.ToDictionary(c => c, c => fixture.Reference(input, c));
        var saved = Environment.GetEnvironmentVariable(ScannerFactory.OverrideVariable);
        try
        {
            Environment.SetEnvironmentVariable(ScannerFactory.OverrideVariable, scanner);
            var version = FastLogCli.Run("--version").Ok();
            Assert.Contains($"scanner={scanner} ", version, StringComparison.Ordinal);
            // Small chunks with several threads, so block ends fall everywhere in the scanner's vectors.
            string[][] configurations = [[], ["--threads", "3", "--chunk-size", "4099"]];
            foreach (var flags in configurations)
                foreach (var command in InvarianceFixture.CommandNames)
                {
                    var actual = fixture.Run(input, command, flags, Delivery.File);
                    OutputAssert.Equal(expected[command], actual,
                        $"{command} on {input}: [FASTLOG_SCANNER={scanner} {string.Join(' ', flags)}] vs reference");
                }
        }
        finally
        {
            Environment.SetEnvironmentVariable(ScannerFactory.OverrideVariable, saved);
        }
    }
}
