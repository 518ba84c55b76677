using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Output;

/// <summary>
/// A number the log left out (w3c <c>-</c> in sc-status or sc-bytes) is absent in every output:
/// null in jsonl, <c>-</c> in csv, never a made-up 0.
/// </summary>
public class AbsentNumberTests
{
    [Fact]
    public void AnAbsentStatusOrByteCountIsNullInJsonAndDashInCsv()
    {
        using var dir = new TempDirectory("absent-number");
        var log = dir.File("u_ex240301.log");
        File.WriteAllText(log, """
            #Software: Microsoft Internet Information Services 10.0
            #Version: 1.0
            #Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes
            2024-03-01 10:00:00 192.0.2.1 GET /a - 100
            2024-03-01 10:00:01 192.0.2.2 GET /b 404 -

            """.Replace("\r\n", "\n"));
        var jsonl = FastLogCli.Run("filter", log, "--format", "w3c", "--fields", "ip,status,bytes", "--output", "jsonl").Ok();
        Assert.Equal("{\"ip\":\"192.0.2.1\",\"status\":null,\"bytes\":100}\n{\"ip\":\"192.0.2.2\",\"status\":404,\"bytes\":null}\n", jsonl);
        var csv = FastLogCli.Run("filter", log, "--format", "w3c", "--fields", "ip,status,bytes", "--output", "csv").Ok();
        Assert.Equal("ip,status,bytes\n192.0.2.1,-,100\n192.0.2.2,404,-\n", csv.Replace("\r\n", "\n"));
    }
}
