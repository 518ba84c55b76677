using System.Text;
using System.Text.Json;
using FastLog.Aggregation.Sketches;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Output;

public class AnomaliesTests
{
    [Fact]
    public void CountAboveIsExactForSmallValuesAndALowerBoundAbove()
    {
        var h = new LogHistogram();
        for (var v = 0; v < 1000; v++) h.Add(v);
        Assert.Equal(899, h.CountAbove(100));
        var above = h.CountAbove(500);
        Assert.InRange(above, 499 - 4, 499); // at most one bucket (width 4 at 500) short
    }

    [Fact]
    public void ASpikeHourAndAFailingClientAreReported()
    {
        var sb = new StringBuilder();
        var t0 = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        for (var hour = 0; hour < 12; hour++)
        {
            var requests = hour == 7 ? 300 : 10 + hour % 3;
            for (var i = 0; i < requests; i++)
                sb.Append($"198.51.100.{i % 50} - - [{t0.AddHours(hour).AddSeconds(i):dd/MMM/yyyy:HH:mm:ss} +0000] \"GET /p HTTP/1.1\" 200 {100 + i} \"-\" \"ua\"\n");
        }
        for (var i = 0; i < 30; i++)
            sb.Append($"203.0.113.9 - - [{t0.AddHours(7).AddSeconds(i):dd/MMM/yyyy:HH:mm:ss} +0000] \"GET /admin HTTP/1.1\" {(i < 20 ? 403 : 200)} 0 \"-\" \"ua\"\n");
        using var dir = new TempDirectory("anomalies");
        var path = dir.File("access.log");
        File.WriteAllText(path, sb.ToString());
        var report = JsonDocument.Parse(FastLogCli.Run("analyze", path, "--output", "json", "--stable").Ok()).RootElement.GetProperty("anomalies");
        var spike = Assert.Single(report.GetProperty("unusual_hours").EnumerateArray());
        Assert.Equal("2024-03-01T07", spike.GetProperty("hour").GetString());
        Assert.True(spike.GetProperty("robust_z").GetDouble() > 3.5);
        var client = Assert.Single(report.GetProperty("high_error_clients").EnumerateArray());
        Assert.Equal("203.0.113.9", client.GetProperty("client").GetString());
        Assert.Equal(20, client.GetProperty("errors").GetInt64());
    }
}
