using System.Text;
using CsCheck;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Json;
using FastLog.Scanning;

namespace FastLog.Tests.Formats;

/// <summary>
/// The structural-index walk of the JSON parser against the Utf8JsonReader walk it replaced
/// (<see cref="JsonRecordParser.CreateReference"/>, the reference): on hostile lines of every
/// class, and on random mutations of real records, every scanner gives the same records, the same
/// field values, the same malformed counts per reason and the same samples.
/// </summary>
public class JsonIndexedWalkTests
{
    private const string GithubEvent = """{"id":"26163049087","type":"PushEvent","actor":{"id":1,"login":"octo-cat","display_login":"octo","url":"https://api.github.com/users/octo"},"repo":{"id":2,"name":"octo/hello","url":"https://x"},"payload":{"push_id":12,"size":1,"commits":[{"sha":"a1","author":{"email":"a@b","name":"A \"q\" \\ \u00e9"},"message":"fix\nit","distinct":true}],"ref":"refs/heads/main"},"public":true,"created_at":"2023-01-01T00:00:00Z","org":{"id":3,"login":"o"}}""";

    private const string CloudTrailEvent = """{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/Admin/bob","sessionContext":{"sessionIssuer":{"userName":"Admin"},"attributes":{"mfaAuthenticated":"false"}}},"eventTime":"2023-07-10T11:42:36Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","userAgent":"aws-cli/2.0","requestParameters":{"bucketName":"b","key":"k","enable":false},"responseElements":null,"additionalEventData":{"MFAUsed":"No","bytes":[1,2.5,-3e2]},"eventType":"AwsApiCall","errorCode":"AccessDenied"}""";

    private const string JsonlEvent = """{"ts":"2024-03-01T12:00:00.123Z","level":"warn","msg":"slow \"query\"","service":"api","host":"h1","ip":"10.0.0.1","method":"GET","path":"/a?b=1","user_agent":"curl","latency":0.25,"extra":{"a":[null,{"b":{}}]}}""";

    private static string Nest(int depth) => new string('[', depth) + new string(']', depth);

    /// <summary>Hostile variants of a record, by class: each must meet the reference's outcome exactly.</summary>
    private static IEnumerable<string> Variants(string record)
    {
        var open = record[..^1];
        yield return record;
        yield return "";
        yield return "   " + record + " \t ";
        yield return record + "\r";
        yield return "\uFEFF" + record;
        // Unterminated strings and truncation at every tenth byte.
        for (var i = 1; i < record.Length; i += 10) yield return record[..i];
        yield return open + ",\"k\":\"unterminated}";
        // Bad and good escapes, inside skipped values and inside read ones.
        foreach (var escape in new[] { "\\x", "\\u12G4", "\\u12", "\\u00e9", "\\ud800", "\\/", "\\b", "\\\\", "\\", "\\U0041", "\\'" })
        {
            yield return open + ",\"skip\":\"a" + escape + "b\"}";
            yield return open.Replace("\":\"", "\":\"" + escape, StringComparison.Ordinal) + "}";
        }
        // NUL and other control bytes, raw in strings, outside them, and escaped.
        foreach (var control in new[] { "\0", "\u0001", "\t", "\u001f", "\u000b", "\u000c" })
        {
            yield return open + ",\"k\":\"a" + control + "b\"}";
            yield return open + "," + control + "\"k\":1}";
            yield return open + ",\"k\":1" + control + "}";
        }
        yield return open + ",\"k\":\"\\u0000\"}";
        // Nesting around the limit (64), in a skipped value and in a walked path.
        foreach (var depth in new[] { 1, 61, 62, 63, 64, 65, 66, 200 })
        {
            yield return open + ",\"deep\":" + Nest(depth) + "}";
            yield return open + ",\"deep\":" + new string('[', depth) + "}";
            yield return open + ",\"deep\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}";
            yield return open + ",\"deep\":" + Nest(depth) + ",\"x\":tru}";
        }
        // Invalid UTF-8 inside strings (kept) and outside them (not JSON).
        yield return open + ",\"k\":\"\u00ff\"}";
        // Duplicate keys: a read field, a walked object, a skipped one.
        foreach (var key in new[] { "type", "created_at", "eventTime", "eventName", "ts", "msg", "actor", "userIdentity", "payload", "public", "zz" })
        {
            yield return open + ",\"" + key + "\":\"dup\"}";
            yield return open + ",\"" + key + "\":{\"login\":\"l2\",\"type\":\"t2\"}}";
            yield return open + ",\"" + key + "\":null}";
            yield return open + ",\"" + key + "\":12}";
            yield return open + ",\"" + key + "\":[true]}";
            yield return "{\"" + key + "\":\"first\"," + record[1..];
        }
        // A symbol field (GitHub's public) in every form: literals, strings, escaped, unknown, wrong type.
        foreach (var symbol in new[] { "true", "false", "\"true\"", "\"false\"", "\"tr\\u0075e\"", "\"yes\"", "\"\"", "null", "1", "{}", "[false]" })
            yield return open + ",\"public\":" + symbol + "}";
        // Lines longer than the index's first spans (4096 entries), which grow for them: long
        // strings, dense arrays, and a bad escape or truncation past the first spans.
        yield return open + ",\"big\":\"" + new string('x', 9000) + "\"}";
        yield return open + ",\"big\":[" + string.Join(',', Enumerable.Repeat("1", 5000)) + "]}";
        yield return open + ",\"big\":[" + string.Join(',', Enumerable.Repeat("\"a\\\"\"", 3000)) + "]}";
        yield return open + ",\"big\":\"" + new string('x', 9000) + "\\x\"}";
        yield return open + ",\"big\":[" + string.Join(',', Enumerable.Repeat("{}", 5000));
        // Blank lines (empty, or a lone CR) and a CR that is not the line's last byte.
        yield return "\r";
        yield return "\r\r";
        yield return record + "\r ";
        // Escaped keys, and keys that escape into a path's name.
        yield return open + ",\"typ\\u0065\":\"Escaped\"}";
        yield return open + ",\"created\\u005fat\":\"2020-01-01T00:00:00Z\"}";
        yield return open + ",\"event\\u004eame\":\"E\"}";
        // Numbers and literals, valid and not.
        foreach (var scalar in new[] { "0", "-0", "01", "-", "1.", ".5", "1e", "1e+", "+1", "1E+2", "-1.5e-3", "1.5E3", "99999999999999999999999", "tru", "true", "nul", "null", "True", "nulll", "falsey", "0x1", "NaN", "Infinity", "1 2", "\"a\" \"b\"" })
        {
            yield return open + ",\"k\":" + scalar + "}";
            yield return open + ",\"k\":[" + scalar + "]}";
        }
        // Grammar: commas, colons, brackets, trailing content.
        yield return open + ",}";
        yield return open + ",,\"k\":1}";
        yield return open + " \"k\":1}";
        yield return open + ",\"k\" 1}";
        yield return open + ",\"k\"::1}";
        yield return open + ",\"k\":[1,]}";
        yield return open + ",\"k\":[1 2]}";
        yield return open + ",\"k\":{\"a\"}}";
        yield return open + ",\"k\":{\"a\":1,}}";
        yield return open + ",\"k\":{1:2}}";
        yield return open + ",\"k\":[}";
        yield return open + ",\"k\":{]}";
        yield return open + ",\"k\":1}}";
        yield return record + "}";
        yield return record + record;
        yield return record + " x";
        yield return record + " //c";
        yield return open + ",\"k\":/*c*/1}";
        yield return "[" + record + "]";
        yield return "{}";
        yield return "{ }";
        yield return "{";
        yield return "{\"k\"}";
        yield return "not json";
    }

    public static TheoryData<string, string> FormatsAndScanners()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in new[] { "github", "cloudtrail", "jsonl" })
            foreach (var kind in ScannerFactory.Available)
                data.Add(format, ScannerFactory.NameOf(kind));
        return data;
    }

    [Theory, MemberData(nameof(FormatsAndScanners))]
    public void HostileLines_MeetTheReadersOutcome_Exactly(string formatName, string scannerName)
    {
        var (format, record) = Setup(formatName);
        var lines = Variants(record).ToList();
        var block = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        var (expected, expectedCounters) = Run(format, block, ScannerKind.Scalar, reference: true);
        var (actual, actualCounters) = Run(format, block, ScannerFactory.Parse(scannerName)!.Value, reference: false);
        AssertSame(expected, expectedCounters, actual, actualCounters);
        // The corpus must exercise both paths: records parse, and several reasons occur.
        Assert.True(expectedCounters.Parsed > 50, $"{expectedCounters.Parsed} parsed");
        Assert.True(expectedCounters.MalformedByReason[(int)MalformedReason.BadJson] > 50);
        Assert.True(expectedCounters.MalformedByReason[(int)MalformedReason.TooDeep] > 0);
    }

    /// <summary>Item 4: each JSON format's parser indexes with the scanner the run chose (the one <c>--version</c> names).</summary>
    [Theory, MemberData(nameof(FormatsAndScanners))]
    public void EachFormat_IndexesWithTheChosenScanner(string formatName, string scannerName)
    {
        var kind = ScannerFactory.Parse(scannerName)!.Value;
        var parser = Setup(formatName).Format.CreateParser(kind, FormatSettings.Default);
        var json = parser as JsonRecordParser ?? ((JsonlBlockParser)parser).Mapped;
        Assert.Equal(kind, json.IndexScanner);
    }

    /// <summary>Lines from a real record with bytes inserted, deleted, repeated or replaced by ones that matter to JSON.</summary>
    private static readonly Gen<(int Format, (int Op, int Position, int Length, byte Byte)[] Edits)[]> s_mutations =
        Gen.Select(Gen.Int[0, 2], Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1000], Gen.Int[1, 12],
            Gen.OneOf("\"\\{}[]:, \t\r0-1.eEtrufalsn/u".Select(c => (byte)c).Concat([(byte)0, (byte)1, (byte)0xC3, (byte)0xFF]).ToArray())).Array[1, 3]).Array[1, 30];

    [Fact]
    public void MutatedRecords_MeetTheReadersOutcome_Exactly() =>
        s_mutations.Sample(sample =>
        {
            foreach (var formatName in new[] { "github", "cloudtrail", "jsonl" })
            {
                var (format, record) = Setup(formatName);
                var text = new StringBuilder();
                var bytes = Encoding.UTF8.GetBytes(record);
                var block = new List<byte>();
                foreach (var (_, edits) in sample)
                {
                    var line = bytes.ToList();
                    foreach (var (op, position, length, b) in edits)
                    {
                        var at = position % (line.Count + 1);
                        switch (op)
                        {
                            case 0: line.Insert(at, b); break;
                            case 1: line.RemoveRange(at, Math.Min(length, line.Count - at)); break;
                            case 2: line.InsertRange(at, line.Skip(at).Take(length).ToList()); break;
                            default: if (at < line.Count) line[at] = b; break;
                        }
                    }
                    line.RemoveAll(b => b == (byte)'\n');
                    block.AddRange(line);
                    block.Add((byte)'\n');
                }
                var input = block.ToArray();
                var (expected, expectedCounters) = Run(format, input, ScannerKind.Scalar, reference: true);
                foreach (var kind in ScannerFactory.Available)
                {
                    var (actual, actualCounters) = Run(format, input, kind, reference: false);
                    AssertSame(expected, expectedCounters, actual, actualCounters);
                }
            }
        }, iter: 1_500, threads: 1);

    private static (ILogFormat Format, string Record) Setup(string name) => name switch
    {
        "github" => (new GithubFormat(), GithubEvent),
        "cloudtrail" => (new CloudTrailFormat(), CloudTrailEvent),
        _ => (new JsonlFormat(), JsonlEvent),
    };

    private static (JsonFieldCollector Records, ParseCounters Counters) Run(ILogFormat format, byte[] block, ScannerKind scanner, bool reference)
    {
        var specs = format switch
        {
            CloudTrailFormat => CloudTrailFormat.Specs,
            GithubFormat => GithubFormat.Specs,
            _ => JsonlFormat.DefaultSpecs,
        };
        var completer = format is CloudTrailFormat ? CloudTrailFormat.Completer : null;
        // A small batch, so buffers are handed on and reused mid-block.
        var parser = reference
            ? JsonRecordParser.CreateReference(format.Id, specs, completer, batchCapacity: 7)
            : new JsonRecordParser(format.Id, specs, completer, batchCapacity: 7, scanner: scanner);
        var collector = new JsonFieldCollector([.. format is CloudTrailFormat ? format.Fields : specs.Select(s => s.Field).Distinct()]);
        var counters = new ParseCounters();
        parser.ParseBlock(block, new BlockOrigin(0, 0, 0, 0), counters, collector);
        return (collector, counters);
    }

    private static void AssertSame(JsonFieldCollector expected, ParseCounters expectedCounters, JsonFieldCollector actual, ParseCounters actualCounters)
    {
        Assert.Equal(expectedCounters.Lines, actualCounters.Lines);
        Assert.Equal(expectedCounters.Parsed, actualCounters.Parsed);
        Assert.Equal(expectedCounters.Blank, actualCounters.Blank);
        Assert.Equal(expectedCounters.MalformedByReason, actualCounters.MalformedByReason);
        for (var r = 0; r < expectedCounters.Samples.Length; r++)
            Assert.Equal(expectedCounters.Samples[r].Select(s => (s.FileOffset, Convert.ToHexString(s.Excerpt))),
                actualCounters.Samples[r].Select(s => (s.FileOffset, Convert.ToHexString(s.Excerpt))));
        Assert.Equal(expected.Lines, actual.Lines);
        Assert.Equal(expected.Records.Count, actual.Records.Count);
        for (var i = 0; i < expected.Records.Count; i++)
            Assert.Equal(expected.Records[i].OrderBy(p => p.Key), actual.Records[i].OrderBy(p => p.Key));
    }
}
