using System.Text;
using BenchmarkDotNet.Attributes;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Syslog;
using FastLog.Input;

namespace FastLog.Benchmarks.Formats;

/// <summary>
/// The syslog and auth parsers (<see cref="SyslogParser"/>) fed by the real
/// <see cref="LineBlockCutter"/> over a 4 MiB in-memory block of auth.log-like lines (sshd
/// failures and accepts with IPv4 and IPv6 peers, PAM, sudo, CRON sessions, rsyslog repeats),
/// into batches handed to a consumer that only counts them: header, timestamp, tag and (auth)
/// message parsing without I/O or aggregation. The target is 800 MB/s per core.
/// </summary>
[MemoryDiagnoser]
public class SyslogParseBench
{
    private const int BlockBytes = 4 << 20;

    private static readonly string[] s_lines =
    [
        "Mar 27 13:08:09 ip-10-77-20-248 sshd[1361]: Accepted publickey for ubuntu from 85.245.107.41 port 54259 ssh2: RSA SHA256:Kl8kPGZrTiz7g4FO1hyqHdsSBBb5Fge6NWOobN03XJg",
        "Mar 29 13:07:15 ip-10-77-20-248 sshd[2257]: Failed password for elastic_user_0 from 85.245.107.41 port 51401 ssh2",
        "Mar 29 23:18:33 ip-10-77-20-248 sshd[6402]: message repeated 5 times: [ Failed password for root from 218.60.136.106 port 56338 ssh2]",
        "Mar 29 23:18:35 ip-10-77-20-248 sshd[6402]: Failed password for invalid user admin from 2001:db8::17 port 40022 ssh2",
        "Mar 29 23:18:36 ip-10-77-20-248 sshd[6402]: Invalid user oracle from 203.0.113.9 port 22",
        "Mar 29 23:18:37 ip-10-77-20-248 sshd[6402]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=218.60.136.106  user=root",
        "Mar 29 23:18:38 ip-10-77-20-248 sshd[6402]: Connection closed by authenticating user root 218.60.136.106 port 56338 [preauth]",
        "Mar 30 06:25:01 ip-10-77-20-248 CRON[7001]: pam_unix(cron:session): session opened for user root by (uid=0)",
        "Mar 30 06:25:02 ip-10-77-20-248 sudo:   ubuntu : TTY=pts/0 ; PWD=/home/ubuntu ; USER=root ; COMMAND=/usr/bin/apt-get update",
        "Mar 30 06:25:03 ip-10-77-20-248 systemd-logind[1140]: New session 12 of user ubuntu.",
    ];

    private static readonly Lazy<byte[]> s_block = new(() =>
    {
        var text = new StringBuilder(BlockBytes + 256);
        // Invariant: whole lines only; stops at the first line end at or past BlockBytes.
        for (var k = 0; text.Length < BlockBytes; k++) text.Append(s_lines[k % s_lines.Length]).Append('\n');
        return Encoding.ASCII.GetBytes(text.ToString());
    });

    /// <summary>Input size of one operation (used by the MB/s column).</summary>
    public static long BytesPerOperation => s_block.Value.Length;

    /// <summary>Lines in the input of one operation (used by the ns/line column).</summary>
    public static long LinesPerOperation => s_block.Value.AsSpan().Count((byte)'\n');

    /// <summary>True: the auth parser (syslog plus events); false: syslog only.</summary>
    [Params(false, true)]
    public bool Auth { get; set; }

    private LineBlockCutter _cutter = null!;
    private readonly CountingConsumer _consumer = new();

    /// <summary>Builds one parser and cutter, as one pipeline worker has.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _cutter = new LineBlockCutter(new SyslogParser(Auth, new FormatSettings { Year = 2017 }), new ParseCounters(), _consumer);
        if (Parse() != LinesPerOperation) throw new InvalidOperationException("every line must parse");
    }

    /// <summary>Parses the whole block; returns the records handed over.</summary>
    [Benchmark]
    public long Parse()
    {
        _consumer.Records = 0;
        var cursor = new LineBlockCutter.Cursor();
        _cutter.Feed(s_block.Value, final: true, ref cursor);
        return _consumer.Records;
    }

    /// <summary>Counts records, nothing else.</summary>
    private sealed class CountingConsumer : IBatchConsumer
    {
        public long Records;

        public void Consume(LogBatch batch, ReadOnlySpan<byte> block) => Records += batch.Count;
    }
}
