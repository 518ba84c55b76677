using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CsCheck;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Properties;

/// <summary>
/// On generated logs with random field contents (escaped quotes, spaces in URLs, IPv6, odd
/// time zones, CRLF, blank and garbage lines), the analyze report is byte-identical whatever the
/// threads, chunk size (cuts at any column), <c>--io read</c> or <c>mmap</c>, and gzip or plain.
/// </summary>
public class PipelineProperties
{
    private static readonly Gen<string> s_ip = Gen.Frequency(
        (3, Gen.Byte.Array[4].Select(b => string.Join('.', b))),
        (1, Gen.UShort.Array[1, 8].Select(g => string.Join(':', g.Select(x => x.ToString("x"))) + (g.Length < 8 ? "::1" : ""))));

    private static readonly Gen<string> s_text = Gen.Char["ab /?=&%\"\\-.:\t"].Array[0, 12].Select(c => new string(c));

    private static readonly Gen<string> s_zone = Gen.OneOf("+0000", "-0700", "+1400", "-1200", "+0545", "+9999", "0000");

    private static readonly Gen<string> s_line = Gen.Frequency(
        (8, Gen.Select(s_ip, Gen.Int[1, 31], s_zone, s_text, Gen.Int[99, 600], Gen.Frequency((3, Gen.Int[0, 99999].Select(i => i.ToString())), (1, Gen.Const("-"))), s_text, Gen.Bool,
            (ip, day, zone, target, status, bytes, ua, crlf) =>
                $"{ip} - - [{day:D2}/Mar/2024:{day % 24:D2}:05:06 {zone}] \"GET {target} HTTP/1.1\" {status} {bytes} \"-\" \"{ua}\"{(crlf ? "\r" : "")}")),
        (1, Gen.Const("")),
        (1, s_text));

    [Fact]
    public void AnalyzeReport_IsTheSame_ForThreadsChunksIoAndGzip() =>
        Gen.Select(s_line.Array[1, 60], Gen.Int[1, 700], Gen.Int[2, 4], Gen.Bool).Sample((lines, chunk, threads, mmap) =>
        {
            using var dir = new TempDirectory("pipeline-property");
            var log = dir.File("a.log");
            var text = string.Join('\n', lines) + "\n";
            File.WriteAllText(log, text);
            var gz = dir.File("a.log.gz");
            using (var stream = new GZipStream(File.Create(gz), CompressionLevel.Fastest)) stream.Write(Encoding.UTF8.GetBytes(text));
            var reference = Report(log, "--threads", "1", "--io", "read");
            Assert.Equal(reference, Report(log, "--threads", threads.ToString(), "--chunk-size", chunk.ToString(), "--io", mmap ? "mmap" : "read"));
            Assert.Equal(reference, Report(gz, "--threads", threads.ToString()));
        }, iter: 40, threads: 1, print: t => $"chunk {t.Item2}, threads {t.Item3}, mmap {t.Item4}:\n{string.Join('\n', t.Item1)}");

    /// <summary>The JSON report with the input's path replaced by <c>-</c>, so a .gz input compares with the plain one.</summary>
    private static string Report(string path, params string[] flags)
    {
        var run = FastLogCli.Run(["analyze", path, "--format", "combined", "--output", "json", "--stable", .. flags]);
        Assert.True(run.ExitCode == 0, $"{run.CommandLine}: exit {run.ExitCode}: {run.Stderr}");
        return run.StdoutText.Replace(JsonSerializer.Serialize(path), "\"-\"", StringComparison.Ordinal);
    }
}
