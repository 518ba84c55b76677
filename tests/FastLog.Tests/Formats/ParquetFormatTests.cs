using FastLog.Columns;
using FastLog.Formats.Parquet;
using FastLog.Tests.TestSupport;
using Parquet;
using Parquet.Schema;

namespace FastLog.Tests.Formats;

/// <summary>
/// The <c>parquet</c> input format on files fastlog did not write: columns named as fields are
/// read (other integer widths, float seconds, timestamps), others ignored, missing ones null;
/// the format is guessed from the columns.
/// </summary>
public class ParquetFormatTests
{
    [Fact]
    public async Task ForeignFile_MatchingColumnsRead_ExtraIgnored_MissingNull()
    {
        using var temp = new TempDirectory("parquet-foreign");
        var path = temp.File("foreign.parquet");
        var ip = new DataField<string>("ip", true);
        var status = new DataField<long?>("status");
        var ts = new DateTimeDataField("ts", DateTimeFormat.DateAndTime, isNullable: true);
        var requestTime = new DataField<double?>("request_time");
        var extra = new DataField<string>("unrelated", true);
        await using (var file = File.Create(path))
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(ip, status, ts, requestTime, extra), file);
            using (var group = writer.CreateRowGroup())
            {
                await group.WriteAsync(ip, ["10.0.0.1", "10.0.0.2", "10.0.0.1"]);
                await group.WriteAsync<long>(status, new long?[] { 200, 404, 200 });
                await group.WriteAsync<DateTime>(ts, new DateTime?[]
                {
                    new DateTime(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc), new DateTime(2024, 3, 1, 11, 0, 0, DateTimeKind.Utc), new DateTime(2024, 3, 1, 11, 30, 0, DateTimeKind.Utc),
                });
                await group.WriteAsync<double>(requestTime, new double?[] { 0.25, null, 1.5 });
                await group.WriteAsync(extra, ["x", "y", "z"]);
                group.CompleteValidate();
            }
            await writer.DisposeAsync();
        }

        Assert.Equal("status,count\n200,2\n404,1\n", FastLogCli.Run("count", "--by", "status", "--output", "csv", path).Ok());
        Assert.Equal("2\n", FastLogCli.Run("count", "--where", "ip == '10.0.0.1'", path).Ok());
        var rows = FastLogCli.Run("filter", path, "--fields", "ip,ts,request_time,user,status").Ok().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("{\"ip\":\"10.0.0.1\",\"ts\":\"2024-03-01T10:00:00Z\",\"request_time\":0.25,\"user\":null,\"status\":200}", rows[0]);
        Assert.Equal("{\"ip\":\"10.0.0.2\",\"ts\":\"2024-03-01T11:00:00Z\",\"request_time\":null,\"user\":null,\"status\":404}", rows[1]);
        Assert.Equal(3, rows.Length);
        // No log_format column and no metadata: status and request_time make it nginx.
        Assert.StartsWith("{\"log_format\":\"nginx\",\"ip\":\"10.0.0.1\"", FastLogCli.Run("filter", path).Ok());
    }

    [Fact]
    public void LineDecoding_TimestampsAndSeconds_ParseWhatTheRendererWrites()
    {
        Span<byte> buffer = stackalloc byte[FieldRenderer.MaxFixedLength];
        foreach (var seconds in new long[] { 0, 1431857103, -86401, 253402300799 })
        {
            Assert.True(ParquetLineParser.TryParseTimestamp(buffer[..FieldRenderer.Timestamp(seconds, buffer, withTime: true)], out var back));
            Assert.Equal(seconds, back);
        }
        foreach (var micros in new long[] { 0, 1, 23000, 2_000_000, 123_456_789 })
        {
            Assert.True(ParquetLineParser.TryParseSeconds(buffer[..FieldRenderer.Seconds(micros, buffer)], out var back));
            Assert.Equal(micros, back);
        }
        Assert.False(ParquetLineParser.TryParseTimestamp("2024-02-30T00:00:00Z"u8, out _));
        Assert.False(ParquetLineParser.TryParseSeconds("1.1234567"u8, out _));
        Assert.False(ParquetLineParser.TryParseSeconds("-1"u8, out _));
    }
}
