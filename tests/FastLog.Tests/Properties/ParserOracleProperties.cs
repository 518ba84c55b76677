using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Properties;

/// <summary>
/// The parsers against independent oracles on generated lines with random field contents:
/// CsCheck generates each line's fields (escaped quotes and backslashes, spaces and <c>?</c> in
/// URLs, IPv4 and IPv6 in every spelling, time zones from -12:00 to +14:00 with odd minutes,
/// CRLF), writes the line, and <c>fastlog convert --to jsonl</c> must give back exactly the
/// generated fields (the generator is the oracle); for access logs a Python regex split
/// (tests/oracles/clf_split.py) must agree too.
/// </summary>
public class ParserOracleProperties
{
    private static readonly string[] s_months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Offsets in minutes, real ones included: -12:00, -09:30, -03:30, +05:45, +08:45, +12:45, +14:00.</summary>
    private static readonly Gen<int> s_offset = Gen.OneOf(-720, -570, -210, -60, 0, 60, 330, 345, 525, 765, 840);

    private static readonly Gen<DateTime> s_time = Gen.Select(Gen.Int[1971, 2037], Gen.Int[1, 12], Gen.Int[1, 28], Gen.Int[0, 86399],
        (y, mo, d, s) => new DateTime(y, mo, d, 0, 0, 0, DateTimeKind.Unspecified).AddSeconds(s));

    /// <summary>IPv4, or IPv6 with its longest zero run written out, as <c>::</c>, or in mixed IPv4 notation.</summary>
    private static readonly Gen<string> s_ip = Gen.Frequency(
        (3, Gen.Byte.Array[4].Select(b => string.Join('.', b))),
        (2, Gen.Select(Gen.UShort.Array[8], Gen.Int[0, 7], Gen.Int[0, 8], (g, at, zeros) =>
        {
            for (var i = at; i < Math.Min(8, at + zeros); i++) g[i] = 0;
            return new IPAddress(g.SelectMany(x => new[] { (byte)(x >> 8), (byte)x }).ToArray()).ToString();
        })),
        (1, Gen.UShort.Array[8].Select(g => string.Join(':', g.Select(x => x.ToString("x4"))))),
        (1, Gen.Byte.Array[4].Select(b => "::ffff:" + string.Join('.', b))));

    /// <summary>Pieces of quoted text: letters, spaces, escaped quotes and backslashes, UTF-8, punctuation.</summary>
    private static Gen<string> Text(string extra, int max) =>
        Gen.OneOf("a", "Z", "9", " ", "\\\"", "\\\\", "é", "→", "(", ";", "/", "-", ".", "=", "&", "%20", "'", extra)
            .Array[0, max].Select(p => string.Concat(p));

    private static readonly Gen<string> s_path = Text("#", 12).Select(t => "/" + t + "x");

    private static readonly Gen<string?> s_query = Gen.Frequency((1, Gen.Const((string?)null)), (2, Text("?", 10).Select(t => (string?)(t + "q"))));

    private static readonly Gen<string?> s_quoted = Gen.Frequency((1, Gen.Const((string?)null)), (4, Text(":", 16).Select(t => (string?)("x" + t))));

    private static readonly Gen<(string Ip, string? User, DateTimeOffset Time, string Method)> s_clfHead =
        Gen.Select(s_ip, Gen.OneOf<string?>(null, "bob", "a.b@c", "u-1_x"), s_time, s_offset, Gen.OneOf("GET", "POST", "PROPFIND", "M-SEARCH"),
            (ip, user, time, offset, method) => (ip, user, new DateTimeOffset(time, TimeSpan.FromMinutes(offset)), method));

    private static readonly Gen<ClfLine> s_clf =
        Gen.Select(s_clfHead, s_path, s_query, Gen.OneOf("HTTP/1.0", "HTTP/1.1", "HTTP/2.0"), Gen.Int[100, 599],
            Gen.Frequency((1, Gen.Const((long?)null)), (3, Gen.Long[0, 10_000_000_000].Select(b => (long?)b))),
            Gen.Select(s_quoted, s_quoted, Gen.Bool),
            (head, path, query, protocol, status, bytes, tail) => new ClfLine(head.Ip, head.User, head.Time, head.Method, path, query, protocol, status, bytes, tail.Item1, tail.Item2, tail.Item3));

    [Fact]
    public void CombinedParser_ReturnsTheGeneratedFields_AndAgreesWithThePythonSplit() =>
        s_clf.Array[1, 40].Sample(lines =>
        {
            using var dir = new TempDirectory("clf-oracle");
            var log = dir.File("a.log");
            File.WriteAllBytes(log, Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l.Text + (l.Crlf ? "\r\n" : "\n")))));
            var parsed = Convert(log, "combined");
            var split = Shell.Run($"python3 tests/oracles/clf_split.py {Shell.Quote(log)}").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(lines.Length, parsed.Length);
            Assert.Equal(lines.Length, split.Length);
            for (var i = 0; i < lines.Length; i++)
            {
                var expected = lines[i].Fields();
                Same(lines[i].Text, expected, parsed[i]);
                using var oracle = JsonDocument.Parse(split[i]);
                Assert.True(oracle.RootElement.ValueKind == JsonValueKind.Object, $"the Python oracle does not read: {lines[i].Text}");
                Same(lines[i].Text, expected, oracle.RootElement);
            }
        }, iter: 60, threads: 1, print: l => string.Join('\n', l.Select(x => x.Text)));

    private static readonly Gen<string> s_host = Gen.OneOf("web-1", "db.example.com", "192.0.2.7", "h_2", "2001:db8::5");

    private static readonly Gen<string> s_app = Gen.OneOf("sshd", "cron", "CRON", "systemd-logind", "postfix/smtpd", "kernel", "my_app.2");

    private static readonly Gen<string> s_message = Text("]", 20).Select(t => "m" + t);

    private static readonly Gen<int?> s_pid = Gen.Frequency((1, Gen.Const((int?)null)), (2, Gen.Int[1, 4_194_304].Select(p => (int?)p)));

    private static readonly Gen<SyslogLine> s_rfc3164 =
        Gen.Select(Gen.Frequency((1, Gen.Const((int?)null)), (3, Gen.Int[0, 191].Select(p => (int?)p))), s_time, s_host, s_app, s_pid, s_message, Gen.Bool,
            (pri, time, host, app, pid, message, crlf) =>
            {
                // Without a year in the line: every time is read in the year given with --year.
                var when = new DateTime(2024, time.Month, time.Day, time.Hour, time.Minute, time.Second, DateTimeKind.Utc);
                var text = $"{(pri is { } p ? $"<{p}>" : "")}{s_months[when.Month - 1]} {when.Day,2} {when:HH:mm:ss} {host} {app}{(pid is { } n ? $"[{n}]" : "")}: {message}";
                return new SyslogLine(text, crlf, new()
                {
                    ["ts"] = when.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    ["host"] = host, ["app"] = app, ["pid"] = pid, ["severity"] = pri & 7, ["facility"] = pri >> 3, ["msgid"] = null, ["msg"] = message,
                });
            });

    private static readonly Gen<string> s_structuredData = Gen.OneOf("-", "[id@1 a=\"1\"]", "[x k=\"q \\\" \\] \\\\\"][y]", "[a@32473 iut=\"3\" eventSource=\"App\"]");

    private static readonly Gen<(DateTime Time, int Offset, string Fraction)> s_stamp =
        Gen.Select(s_time, s_offset, Gen.Int[0, 6], Gen.Int[0, 999_999],
            (time, offset, digits, micros) => (time, offset, digits == 0 ? "" : "." + micros.ToString("D6", CultureInfo.InvariantCulture)[..digits]));

    private static readonly Gen<SyslogLine> s_rfc5424 =
        Gen.Select(Gen.Int[0, 191], s_stamp, s_host, Gen.Select(s_app, Gen.Bool, (a, nil) => nil ? "-" : a), s_pid,
            Gen.Select(Gen.OneOf<string?>(null, "ID47", "-x-"), s_structuredData, Gen.Frequency((1, Gen.Const((string?)null)), (4, s_message.Select(m => (string?)m)))),
            Gen.Bool,
            (pri, stamp, host, app, pid, rest, crlf) =>
            {
                var (msgid, sd, message) = rest;
                var (time, offset, fraction) = stamp;
                var zone = offset == 0 ? "Z" : $"{(offset < 0 ? '-' : '+')}{Math.Abs(offset) / 60:D2}:{Math.Abs(offset) % 60:D2}";
                var text = $"<{pri}>1 {time:yyyy-MM-ddTHH:mm:ss}{fraction}{zone} {host} {app} {(pid is { } n ? n.ToString(CultureInfo.InvariantCulture) : "-")} {msgid ?? "-"} {sd}{(message is null ? "" : " " + message)}";
                var utc = new DateTimeOffset(time, TimeSpan.FromMinutes(offset)).UtcDateTime;
                // fastlog keeps microseconds and writes no trailing zero; a line without MSG has
                // the empty message (not null).
                var utcFraction = fraction.TrimEnd('0').TrimEnd('.');
                return new SyslogLine(text, crlf, new()
                {
                    ["ts"] = utc.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + utcFraction + "Z",
                    ["host"] = host, ["app"] = app == "-" ? null : app, ["pid"] = pid, ["severity"] = pri & 7, ["facility"] = pri >> 3, ["msgid"] = msgid, ["msg"] = message ?? "",
                });
            });

    [Fact]
    public void SyslogParser_ReturnsTheGeneratedFields_For3164And5424() =>
        Gen.Frequency((1, s_rfc3164), (1, s_rfc5424)).Array[1, 40].Sample(lines =>
        {
            using var dir = new TempDirectory("syslog-oracle");
            var log = dir.File("a.log");
            File.WriteAllBytes(log, Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l.Text + (l.Crlf ? "\r\n" : "\n")))));
            var parsed = Convert(log, "syslog", "--year", "2024");
            Assert.Equal(lines.Length, parsed.Length);
            for (var i = 0; i < lines.Length; i++) Same(lines[i].Text, lines[i].Expected, parsed[i]);
        }, iter: 60, threads: 1, print: l => string.Join('\n', l.Select(x => x.Text)));

    /// <summary>The records of <paramref name="log"/> as <c>convert --to jsonl</c> writes them.</summary>
    private static JsonElement[] Convert(string log, string format, params string[] flags)
    {
        var run = FastLogCli.Run(["convert", log, "--format", format, "--to", "jsonl", .. flags]);
        Assert.True(run.ExitCode == 0, $"{run.CommandLine}: exit {run.ExitCode}: {run.Stderr}");
        return [.. run.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    /// <summary>Each expected field has the expected value in <paramref name="actual"/> (addresses compared as addresses).</summary>
    private static void Same(string line, Dictionary<string, object?> expected, JsonElement actual)
    {
        foreach (var (name, value) in expected)
        {
            Assert.True(actual.TryGetProperty(name, out var field), $"no field {name} for: {line}\n{actual}");
            var got = field.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Number => (object)field.GetInt64(),
                _ => field.GetString(),
            };
            var want = value switch
            {
                int i => (long)i,
                _ => value,
            };
            if (name == "ip" && want is string a && got is string b && IPAddress.TryParse(a, out var x) && IPAddress.TryParse(b, out var y) && x.Equals(y)) continue;
            Assert.True(Equals(want, got), $"{name}: expected {want ?? "null"}, got {got ?? "null"} for: {line}");
        }
    }

    private sealed record ClfLine(string Ip, string? User, DateTimeOffset Time, string Method, string Path, string? Query, string Protocol, int Status, long? Bytes, string? Referer, string? Ua, bool Crlf)
    {
        public string Text
        {
            get
            {
                var offset = Time.Offset;
                var zone = $"{(offset < TimeSpan.Zero ? '-' : '+')}{Math.Abs(offset.Hours):D2}{Math.Abs(offset.Minutes):D2}";
                var when = $"{Time.Day:D2}/{s_months[Time.Month - 1]}/{Time.Year:D4}:{Time:HH:mm:ss} {zone}";
                var target = Query is null ? Path : Path + "?" + Query;
                return $"{Ip} - {User ?? "-"} [{when}] \"{Method} {target} {Protocol}\" {Status} {(Bytes is { } b ? b.ToString(CultureInfo.InvariantCulture) : "-")} \"{Referer ?? "-"}\" \"{Ua ?? "-"}\"";
            }
        }

        public Dictionary<string, object?> Fields() => new()
        {
            ["ip"] = Ip, ["user"] = User, ["ts"] = Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["method"] = Method, ["path"] = Path, ["query"] = Query, ["protocol"] = Protocol, ["status"] = Status, ["bytes"] = Bytes,
            ["referer"] = Referer, ["ua"] = Ua,
        };
    }

    private sealed record SyslogLine(string Text, bool Crlf, Dictionary<string, object?> Expected);
}
