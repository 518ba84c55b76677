using System.Globalization;
using System.Text;
using System.Text.Json;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Aggregation;

/// <summary>
/// Issue 11.8: sums of 64-bit fields must not wrap. Response sizes are up to 18 digits, so ten
/// of them pass <see cref="long.MaxValue"/>; every mean (overall, per group, in every command and
/// output) must be the exact mean to double precision, checked against python's exact rational
/// arithmetic.
/// </summary>
public sealed class SumOverflowTests : IDisposable
{
    private readonly TempDirectory _dir = new("sum-overflow");
    private readonly string _log;

    public SumOverflowTests()
    {
        _log = _dir.File("huge-bytes.log");
        var random = new Random(118);
        var text = new StringBuilder();
        for (var i = 0; i < 64; i++)
        {
            // Every value near 10^18: the sum of each status group passes 2^63 within ten records.
            var bytes = i % 9 == 8 ? "-" : random.NextInt64(900_000_000_000_000_000, 999_999_999_999_999_999).ToString(CultureInfo.InvariantCulture);
            var status = i % 3 == 0 ? 404 : 200;
            text.Append($"10.0.0.{i % 7} - - [10/Oct/2023:13:{i % 60:00}:00 +0000] \"GET /f{i % 5} HTTP/1.1\" {status} {bytes} \"-\" \"ua\"\n");
        }
        File.WriteAllText(_log, text.ToString());
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Exact mean of the bytes per status ("" = all records), by python's Fraction, as a float.</summary>
    private Dictionary<string, double> OracleMeans()
    {
        var script = "import sys, re\nfrom fractions import Fraction\ng = {}\n" +
            "for line in open(sys.argv[1]):\n" +
            "    m = re.search(r'\" (\\d{3}) (\\S+) \"', line)\n" +
            "    if m.group(2) == '-': continue\n" +
            "    for k in ('', m.group(1)): g.setdefault(k, []).append(int(m.group(2)))\n" +
            "for k, v in sorted(g.items()): print(k + '\\t' + repr(float(Fraction(sum(v), len(v)))))\n";
        var path = _dir.File("mean.py");
        File.WriteAllText(path, script);
        return Shell.Run($"python3 {path} {_log}").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
    }

    public static TheoryData<string, string[]> Forms() => new()
    {
        { "stats json", ["stats", "bytes", "--output", "json"] },
        { "stats csv", ["stats", "bytes", "--output", "csv"] },
        { "stats table", ["stats", "bytes", "--output", "table"] },
        { "stats --by status json", ["stats", "bytes", "--by", "status", "--output", "json"] },
        { "stats --by status csv", ["stats", "bytes", "--by", "status", "--output", "csv"] },
        { "analyze json", ["analyze", "--output", "json", "--stable"] },
        { "analyze table", ["analyze", "--output", "table", "--stable"] },
    };

    [Theory, MemberData(nameof(Forms))]
    public void MeanOfValuesPastLongMax_IsTheExactMean(string form, string[] args)
    {
        var expected = OracleMeans();
        var output = FastLogCli.Run([.. args, "--threads", "2", _log]).Ok();
        var means = Means(form, output);
        Assert.NotEmpty(means);
        foreach (var (group, mean) in means)
        {
            var exact = expected[group];
            // Printed with 15 significant digits at least: relative error below 1e-14.
            Assert.True(Math.Abs(mean - exact) <= exact * 1e-14, $"{form}: mean of '{group}' {mean:R} vs exact {exact:R}\n{output}");
        }
    }

    /// <summary>The means the output reports, by status ("" when not grouped).</summary>
    private static List<(string Group, double Mean)> Means(string form, string output)
    {
        var result = new List<(string, double)>();
        if (form.StartsWith("analyze json"))
        {
            using var doc = JsonDocument.Parse(output);
            result.Add(("", doc.RootElement.GetProperty("performance").GetProperty("response_bytes").GetProperty("mean").GetDouble()));
        }
        else if (form.StartsWith("analyze table"))
        {
            var row = output.Split('\n').First(l => l.StartsWith("response bytes"));
            result.Add(("", Number(row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3])));
        }
        else if (form.EndsWith("json"))
        {
            using var doc = JsonDocument.Parse(output);
            foreach (var row in doc.RootElement.GetProperty("rows").EnumerateArray())
                result.Add((row.TryGetProperty("status", out var s) ? s.GetString()! : "", row.GetProperty("mean").GetDouble()));
        }
        else if (form.EndsWith("csv"))
        {
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var header = lines[0].Split(',');
            var mean = Array.IndexOf(header, "mean");
            foreach (var line in lines.Skip(1))
            {
                var cells = line.Split(',');
                result.Add((header[0] == "status" ? cells[0] : "", Number(cells[mean])));
            }
        }
        else
        {
            var row = output.Split('\n')[2];
            result.Add(("", Number(row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2])));
        }
        return result;
    }

    private static double Number(string text) => double.Parse(text.Replace(",", ""), CultureInfo.InvariantCulture);
}
