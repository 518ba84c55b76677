using FastLog.Query;
using FastLog.Query.Syntax;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Query;

/// <summary>
/// <c>ip == != &lt; &lt;= &gt; &gt;=</c> against an address compare numbers, not text: each
/// expression's <c>filter</c> output is checked against Python's <c>ipaddress</c> applying the
/// documented rule (IPv4-mapped is IPv4; ordering within one family; host names equal by text).
/// </summary>
public class IpComparisonTests
{
    private static readonly string[] s_fixed =
    [
        "10.3.0.1", "10.255.255.255", "10.0.0.0", "9.255.255.255", "11.0.0.0", "100.1.1.1", "10.25.0.1",
        "2001:db8::1", "2001:DB8:0::1", "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::2", "2001:db9::",
        "::ffff:1.2.3.4", "1.2.3.4", "::ffff:0102:0304", "0:0:0:0:0:FFFF:1.2.3.4", "1.2.3.5", "::1", "::", "fe80::1",
        "host.example.com", "010.1.2.3",
    ];

    public static TheoryData<string, string> Tests() => new()
    {
        { ">=", "10.0.0.0 and ip <= 10.255.255.255" },
        { "<", "10.3.0.1" },
        { ">", "10.3.0.1" },
        { "<=", "1.2.3.4" },
        { ">=", "1.2.3.4" },
        { "==", "1.2.3.4" },
        { "==", "::ffff:1.2.3.4" },
        { "!=", "1.2.3.4" },
        { "==", "2001:db8::1" },
        { "==", "'2001:DB8:0::1'" },
        { "!=", "2001:db8::1" },
        { ">=", "2001:db8:: and ip < 2001:db9::" },
        { ">", "::1" },
        { "<=", "::" },
        { "==", "host.example.com" },
        { "!=", "host.example.com" },
    };

    [Theory, MemberData(nameof(Tests))]
    public void AddressComparisons_MatchIpaddressOracle(string op, string rest)
    {
        using var dir = new TempDirectory("ipcmp");
        var log = dir.File("a.log");
        File.WriteAllText(log, string.Concat(Addresses().Select((ip, i) => $"{ip} - - [01/Mar/2024:10:00:00 +0000] \"GET /{i} HTTP/1.1\" 200 5 \"-\" \"x\"\n")));
        var expression = $"ip {op} {rest}";
        var actual = FastLogCli.Run("filter", log, "--where", expression).Ok();
        // The oracle evaluates each 'ip OP LITERAL' conjunct of the expression with Python's ipaddress.
        var conjuncts = expression.Split(" and ").Select(c => c.Split(' ', 3)).Select(p => $"{p[1]} {p[2].Trim('\'')}");
        var script = dir.File("oracle.py");
        File.WriteAllText(script, """
            import ipaddress, sys
            def key(t):
                try:
                    a = ipaddress.ip_address(t)
                except ValueError:
                    return None
                if a.version == 6 and a.ipv4_mapped is not None:
                    a = a.ipv4_mapped
                return (a.version, int(a))
            def test(ip, op, lit):
                k, l = key(ip), key(lit)
                if l is None:
                    return (ip == lit) == (op == '==')
                if op in ('==', '!='):
                    return (k == l) == (op == '==')
                if k is None or k[0] != l[0]:
                    return False
                return {'<': k < l, '<=': k <= l, '>': k > l, '>=': k >= l}[op]
            tests = [a.split(' ', 1) for a in sys.argv[2:]]
            for line in open(sys.argv[1]):
                ip = line.split(' ', 1)[0]
                if all(test(ip, op, lit) for op, lit in tests):
                    sys.stdout.write(line)
            """);
        var expected = Shell.Run($"python3 {script} {log} {string.Join(' ', conjuncts.Select(Shell.Quote))}");
        Assert.NotEqual("", expected);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("ip < host.example.com")]
    [InlineData("ip >= 'abc'")]
    [InlineData("ip > 10.0.0.0/8")]
    public void OrderingAgainstANonAddress_IsRefusedWithAHint(string expression)
    {
        var e = Assert.Throws<ExpressionException>(() => RecordFilter.Compile(expression, 0));
        Assert.Contains("compares IP addresses", e.Message, StringComparison.Ordinal);
        Assert.Contains("ip in 10.0.0.0/8", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The fixed cases and 300 seeded random addresses of both families, written in varied forms.</summary>
    private static IEnumerable<string> Addresses()
    {
        var random = new Random(1213);
        var random4 = Enumerable.Range(0, 150).Select(_ => $"{random.Next(256)}.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}");
        var random6 = Enumerable.Range(0, 150).Select(_ =>
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            if (random.Next(4) == 0) bytes.AsSpan(0, 8).Clear(); // some with a '::' run
            var text = new System.Net.IPAddress(bytes).ToString();
            return random.Next(2) == 0 ? text.ToUpperInvariant() : text;
        });
        return s_fixed.Concat(random4).Concat(random6);
    }
}
