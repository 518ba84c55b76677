using System.Text;
using FastLog.Generation.Lines;
using FastLog.Generation.Sampling;

namespace FastLog.Generation.Syslog;

/// <summary>
/// A Debian/Ubuntu <c>/var/log/syslog</c> (docs/formats.md): RFC 3164 lines without
/// PRI or year, one host, written by rsyslog. The daemons of a small server talk at their usual
/// shares (UFW blocks in the kernel log, cron, systemd units and timers, postfix, dockerd and
/// containerd, snapd, systemd-resolved and -timesyncd, dhclient, NetworkManager, sshd without its
/// auth messages, multipathd, rsyslogd), at the day/night rate of <see cref="Traffic.TrafficClock"/>.
/// </summary>
/// <remarks>
/// <para>
/// rsyslog folds identical successive messages: about a third of the odd lines that follow a
/// message known to repeat (snapd, systemd-resolved, timesyncd, sshd's kex errors, multipathd)
/// are <c>message repeated N times: [ MSG]</c> of that message.
/// </para>
/// <para>
/// A fixed 2 % of lines are RFC 5424 (<c>&lt;PRI&gt;1 TIMESTAMP HOST APP PROCID MSGID SD MSG</c>):
/// messages relayed from other hosts (an application server, a firewall, a Kubernetes node, a
/// NAS, a printer) that this host's rsyslog receives and writes verbatim, as a raw-message
/// template does. They carry the other hosts' names, NILVALUEs, fractions of 0, 3 or 6 digits,
/// <c>Z</c> or <c>+00:00</c>, escaped <c>\"</c> and <c>\]</c> in structured data, a UTF-8 BOM
/// before one sender's MSG and one sender without MSG. So one file exercises both grammars; a
/// whole file in one of them is not offered.
/// </para>
/// <para>No attack scenarios: <c>--attacks</c> is accepted and the truth manifest lists none.</para>
/// </remarks>
internal sealed partial class SyslogSegmentGenerator : LineSegmentGenerator<SyslogSegmentGenerator.Context>
{
    /// <summary>Average line length (measured), turning <c>--size</c> into lines.</summary>
    public const int AverageLineBytes = 145;
    private const int MaxLineBytes = 1024;

    internal enum Kind { Ufw, Apparmor, Cron, SystemdSession, SystemdTimer, Sysstat, Postfix, Docker, Containerd, Snapd, Resolved, NetworkManager, Dhclient, Timesyncd, Sshd, Rsyslogd, Multipathd, Relayed }

    // Cumulative per-10,000 thresholds, in Kind order.
    private static readonly int[] KindCut = [2000, 2150, 3650, 4250, 5150, 5750, 6550, 7050, 7450, 7750, 8100, 8300, 8550, 8750, 8980, 9010, 9800, 10000];

    /// <summary>Per-segment state: the timestamp cache and the message just written (for a repeat).</summary>
    internal sealed class Context
    {
        public readonly TimestampTexts Time = new();
        public Kind Kind;
        public int Variant, Pid;
        public ulong Bits;
        public bool Repeatable;
    }

    private readonly byte[] _host;
    private readonly byte[] _hostIp;
    private readonly byte[] _macs;
    private readonly long _boot;
    private readonly int[] _daemonPids;
    private readonly byte[][] _ntp = Ascii(SyslogVocabulary.NtpServers);
    private readonly byte[][] _cron = Ascii(SyslogVocabulary.CronCommands);
    private readonly byte[][] _timerDescriptions = Ascii([.. SyslogVocabulary.TimerUnits.Select(t => t.Description)]);
    private readonly byte[][] _timerUnits = Ascii([.. SyslogVocabulary.TimerUnits.Select(t => t.Unit)]);
    private readonly byte[][] _containers = Ascii(SyslogVocabulary.Containers);
    private readonly byte[][] _snaps = Ascii(SyslogVocabulary.Snaps);
    private readonly byte[][] _recipients = Ascii(SyslogVocabulary.Recipients);

    /// <summary>Builds the host's vocabulary for <paramref name="options"/>.</summary>
    public SyslogSegmentGenerator(GenerationOptions options) : base(options, AverageLineBytes, MaxLineBytes, planner: null)
    {
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(options.Seed, GenerationStreams.Vocabulary, 0));
        _host = Encoding.ASCII.GetBytes(SyslogVocabulary.Hosts[rng.NextBelow((uint)SyslogVocabulary.Hosts.Length)]);
        _hostIp = Encoding.ASCII.GetBytes($"10.0.{rng.NextBelow(8)}.{rng.NextBelow(250) + 4}");
        var mac = new byte[41];
        var c = new ByteCursor(mac, 0);
        // Destination (this host) and source (the gateway) MACs, then the IPv4 ethertype, as UFW prints them.
        for (var i = 0; i < 12; i++)
        {
            c.WriteHexFixed(i == 0 || i == 6 ? 0x0a : rng.NextBelow(256), 2);
            c.Write((byte)':');
        }
        c.Write("08:00"u8);
        _macs = mac[..c.Position];
        _boot = Clock.StartUnix - 86_400L * (2 + rng.NextBelow(40)) - rng.NextBelow(86_400);
        _daemonPids = new int[(int)Kind.Relayed + 1];
        for (var k = 0; k < _daemonPids.Length; k++) _daemonPids[k] = 300 + (int)rng.NextBelow(1_700);
        _daemonPids[(int)Kind.SystemdSession] = _daemonPids[(int)Kind.SystemdTimer] = _daemonPids[(int)Kind.Sysstat] = 1;
    }

    /// <inheritdoc/>
    protected override Context CreateContext() => new();

    /// <inheritdoc/>
    protected override LineKind WriteBackground(ref ByteCursor c, ref Xoshiro256PlusPlus rng, long line, long time, Context x)
    {
        // A repeat summary only follows a line of the same segment (segments start on even lines).
        if ((line & 1) == 1 && x.Repeatable && rng.NextBelow(3) == 0)
        {
            Header(ref c, time, x);
            c.Write("message repeated "u8);
            c.WriteDecimal(2 + rng.NextBelow(30));
            c.Write(" times: [ "u8);
            Message(ref c, time, x);
            c.Write("]\n"u8);
            x.Repeatable = false;
            return LineKind.Record;
        }
        Draw(ref rng, x);
        if (x.Kind == Kind.Relayed) Relayed(ref c, time, x);
        else
        {
            Header(ref c, time, x);
            Message(ref c, time, x);
        }
        c.Write((byte)'\n');
        return LineKind.Record;
    }

    /// <inheritdoc/>
    protected override void WriteEvent(ref ByteCursor c, ref Xoshiro256PlusPlus rng, Attacks.AttackScenario scenario, int number, long time, Context context)
        => throw new InvalidOperationException("syslog has no scenarios");

    /// <summary>Every random choice of a line, made before it is written (a repeat writes the same message again).</summary>
    private void Draw(ref Xoshiro256PlusPlus rng, Context x)
    {
        var r = (int)rng.NextBelow(10_000);
        var kind = 0;
        while (r >= KindCut[kind]) kind++;
        x.Kind = (Kind)kind;
        x.Bits = rng.NextUInt64();
        x.Variant = (int)rng.NextBelow(1 << 16);
        // Daemons (postfix's qmgr and pickup among them) keep their pid for the whole file; cron
        // jobs, postfix's smtpd, cleanup and smtp workers and sshd children get a fresh one.
        var transient = x.Kind is Kind.Cron or Kind.Sshd || (x.Kind == Kind.Postfix && x.Variant % 7 is not (3 or 6));
        x.Pid = transient ? 2_000 + (int)rng.NextBelow(400_000) : _daemonPids[kind] + (x.Kind == Kind.Postfix && x.Variant % 7 == 3 ? 1 : 0);
        x.Repeatable = x.Kind switch
        {
            Kind.Snapd or Kind.Resolved or Kind.Multipathd => true,
            Kind.Timesyncd => x.Variant % 3 == 1,
            Kind.Sshd => x.Variant % 4 < 2,
            _ => false,
        };
    }

    /// <summary><c>Mar  4 09:05:01 host program[pid]: </c>.</summary>
    private void Header(ref ByteCursor c, long time, Context x)
    {
        x.Time.WriteBsd(ref c, time);
        c.Write((byte)' ');
        c.Write(_host);
        c.Write((byte)' ');
        var pid = true;
        switch (x.Kind)
        {
            case Kind.Ufw:
            case Kind.Apparmor:
                c.Write("kernel"u8);
                pid = false;
                break;
            case Kind.Cron: c.Write("CRON"u8); break;
            case Kind.SystemdSession:
            case Kind.SystemdTimer:
            case Kind.Sysstat: c.Write("systemd"u8); break;
            case Kind.Postfix:
                c.Write((x.Variant % 7) switch { 0 or 1 or 2 => "postfix/smtpd"u8, 3 => "postfix/pickup"u8, 4 => "postfix/cleanup"u8, 5 => "postfix/smtp"u8, _ => "postfix/qmgr"u8 });
                break;
            case Kind.Docker: c.Write("dockerd"u8); break;
            case Kind.Containerd: c.Write("containerd"u8); break;
            case Kind.Snapd: c.Write("snapd"u8); break;
            case Kind.Resolved: c.Write("systemd-resolved"u8); break;
            case Kind.NetworkManager: c.Write("NetworkManager"u8); break;
            case Kind.Dhclient: c.Write("dhclient"u8); break;
            case Kind.Timesyncd: c.Write("systemd-timesyncd"u8); break;
            case Kind.Sshd: c.Write("sshd"u8); break;
            case Kind.Rsyslogd:
                c.Write("rsyslogd"u8);
                pid = false;
                break;
            default: c.Write("multipathd"u8); break;
        }
        if (pid)
        {
            c.Write((byte)'[');
            c.WriteDecimal((ulong)x.Pid);
            c.Write((byte)']');
        }
        c.Write(": "u8);
    }

    /// <summary>The message of the drawn line (a pure function of the context and the time).</summary>
    private void Message(ref ByteCursor c, long time, Context x)
    {
        var bits = x.Bits;
        var v = x.Variant;
        switch (x.Kind)
        {
            case Kind.Ufw:
                Uptime(ref c, time, bits);
                c.Write(" [UFW BLOCK] IN=eth0 OUT= MAC="u8);
                c.Write(_macs);
                c.Write(" SRC="u8);
                PublicAddress(ref c, bits >> 20);
                c.Write(" DST="u8);
                c.Write(_hostIp);
                var udp = v % 5 == 0;
                var payload = (ulong)(v >> 4 & 0x7F);
                c.Write(" LEN="u8);
                c.WriteDecimal(udp ? 28 + payload : 40 + (ulong)(v & 1) * 4);
                c.Write(" TOS=0x00 PREC=0x00 TTL="u8);
                c.WriteDecimal(40 + (bits >> 52 & 0xCF));
                c.Write(" ID="u8);
                c.WriteDecimal(bits >> 4 & 0xFFFF);
                c.Write(udp ? " PROTO=UDP SPT="u8 : " PROTO=TCP SPT="u8);
                c.WriteDecimal(1024 + (bits >> 30 & 0xFFFF) % 64_000);
                c.Write(" DPT="u8);
                var ports = SyslogVocabulary.ScannedPorts;
                c.WriteDecimal(udp ? (v % 3 == 0 ? 5060u : v % 3 == 1 ? 123u : 1900u) : ports[(v >> 8) % ports.Length]);
                if (udp)
                {
                    c.Write(" LEN="u8);
                    c.WriteDecimal(8 + payload);
                }
                else c.Write(" WINDOW=1024 RES=0x00 SYN URGP=0"u8);
                break;
            case Kind.Apparmor:
                Uptime(ref c, time, bits);
                c.Write(" audit: type=1400 audit("u8);
                c.WriteDecimal((ulong)time);
                c.Write((byte)'.');
                c.WriteFixed((bits >> 40 & 0x3FF) % 1000, 3);
                c.Write((byte)':');
                c.WriteDecimal(100 + (ulong)v);
                c.Write("): apparmor=\"DENIED\" operation=\"open\" profile=\"snap.lxd.daemon\" name=\"/proc/"u8);
                var pid = 1_000 + (bits >> 8 & 0x7FFF);
                c.WriteDecimal(pid);
                c.Write("/environ\" pid="u8);
                c.WriteDecimal(pid);
                c.Write(" comm=\"lxd\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0"u8);
                break;
            case Kind.Cron:
                c.Write("(root) CMD ("u8);
                c.Write(_cron[v % _cron.Length]);
                c.Write((byte)')');
                break;
            case Kind.SystemdSession:
                var session = 1 + (bits & 0xFFFF);
                if (v % 2 == 0)
                {
                    c.Write("Started Session "u8);
                    c.WriteDecimal(session);
                    c.Write(" of User "u8);
                    c.Write(((v >> 1) % 3) switch { 0 => "ubuntu"u8, 1 => "deploy"u8, _ => "root"u8 });
                    c.Write((byte)'.');
                }
                else
                {
                    c.Write("session-"u8);
                    c.WriteDecimal(session);
                    c.Write(".scope: Deactivated successfully."u8);
                }
                break;
            case Kind.SystemdTimer:
                var unit = (v >> 2) % _timerUnits.Length;
                switch (v % 3)
                {
                    case 0:
                        c.Write("Starting "u8);
                        c.Write(_timerDescriptions[unit]);
                        c.Write("..."u8);
                        break;
                    case 1:
                        c.Write(_timerUnits[unit]);
                        c.Write(": Deactivated successfully."u8);
                        break;
                    default:
                        c.Write("Finished "u8);
                        c.Write(_timerDescriptions[unit]);
                        c.Write((byte)'.');
                        break;
                }
                break;
            case Kind.Sysstat:
                c.Write((v % 3) switch
                {
                    0 => "Starting system activity accounting tool..."u8,
                    1 => "sysstat-collect.service: Deactivated successfully."u8,
                    _ => "Finished system activity accounting tool."u8,
                });
                break;
            case Kind.Postfix:
                Postfix(ref c, x);
                break;
            case Kind.Docker:
                c.Write("time=\""u8);
                Nanos(ref c, time, x);
                c.Write("\" level=info msg=\"ignoring event\" container="u8);
                Hex256(ref c, bits);
                c.Write(" module=libcontainerd namespace=moby topic=/tasks/delete type=\"*events.TaskDelete\""u8);
                break;
            case Kind.Containerd:
                c.Write("time=\""u8);
                Nanos(ref c, time, x);
                if (v % 2 == 0)
                {
                    c.Write("\" level=info msg=\"shim disconnected\" id="u8);
                    Hex256(ref c, bits);
                    c.Write(" namespace=moby"u8);
                }
                else
                {
                    c.Write("\" level=info msg=\"loading plugin \\\"io.containerd.event.v1.publisher\\\"...\" runtime=io.containerd.runc.v2 type=io.containerd.event.v1 container="u8);
                    c.Write(_containers[(v >> 1) % _containers.Length]);
                }
                break;
            case Kind.Snapd:
                if (v % 2 == 0)
                {
                    c.Write("storehelpers.go:769: cannot refresh: snap has no updates available: "u8);
                    c.Write(_snaps[(v >> 1) % _snaps.Length]);
                }
                else c.Write("autorefresh.go:551: auto-refresh: all snaps are up-to-date"u8);
                break;
            case Kind.Resolved:
                c.Write(v % 4 == 0 ? "Clock change detected. Flushing caches."u8 : "Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 10.0.0.2."u8);
                break;
            case Kind.NetworkManager:
                c.Write("<info>  ["u8);
                c.WriteDecimal((ulong)time);
                c.Write((byte)'.');
                c.WriteFixed((bits & 0x3FFF) % 10_000, 4);
                if (v % 2 == 0)
                {
                    c.Write("] dhcp4 (eth0): state changed new lease, address="u8);
                    c.Write(_hostIp);
                }
                else c.Write("] manager: NetworkManager state is now CONNECTED_GLOBAL"u8);
                break;
            case Kind.Dhclient:
                switch (v % 3)
                {
                    case 0:
                        c.Write("DHCPREQUEST for "u8);
                        c.Write(_hostIp);
                        c.Write(" on eth0 to 10.0.0.1 port 67"u8);
                        break;
                    case 1:
                        c.Write("DHCPACK of "u8);
                        c.Write(_hostIp);
                        c.Write(" from 10.0.0.1"u8);
                        break;
                    default:
                        c.Write("bound to "u8);
                        c.Write(_hostIp);
                        c.Write(" -- renewal in "u8);
                        c.WriteDecimal(1_200 + (bits & 0x7FF));
                        c.Write(" seconds."u8);
                        break;
                }
                break;
            case Kind.Timesyncd:
                var ntp = _ntp[(v >> 2) % _ntp.Length];
                switch (v % 3)
                {
                    case 0:
                        c.Write("Initial synchronization to time server "u8);
                        c.Write(ntp);
                        c.Write(":123 (ntp.ubuntu.com)."u8);
                        break;
                    case 1:
                        c.Write("Timed out waiting for reply from "u8);
                        c.Write(ntp);
                        c.Write(":123 (ntp.ubuntu.com)."u8);
                        break;
                    default:
                        c.Write("Network configuration changed, trying to establish connection."u8);
                        break;
                }
                break;
            case Kind.Sshd:
                switch (v % 4)
                {
                    case 0: c.Write("error: kex_exchange_identification: Connection closed by remote host"u8); break;
                    case 1: c.Write("error: kex_exchange_identification: read: Connection reset by peer"u8); break;
                    case 2:
                        c.Write("banner exchange: Connection from "u8);
                        PublicAddress(ref c, bits);
                        c.Write(" port "u8);
                        c.WriteDecimal(1024 + (bits >> 40 & 0xFFFF) % 64_000);
                        c.Write(": invalid format"u8);
                        break;
                    default: c.Write("Server listening on 0.0.0.0 port 22."u8); break;
                }
                break;
            case Kind.Rsyslogd:
                c.Write("[origin software=\"rsyslogd\" swVersion=\"8.2112.0\" x-pid=\""u8);
                c.WriteDecimal((ulong)_daemonPids[(int)Kind.Rsyslogd]);
                c.Write("\" x-info=\"https://www.rsyslog.com\"] rsyslogd was HUPed"u8);
                break;
            default:
                c.Write((v % 4) switch
                {
                    0 => "sda: add missing path"u8,
                    1 => "sda: failed to get udev uid: Invalid argument"u8,
                    2 => "sda: failed to get sysfs uid: Invalid argument"u8,
                    _ => "sda: failed to get sgio uid: No such file or directory"u8,
                });
                break;
        }
    }

    private static byte[][] Ascii(string[] items) => [.. items.Select(Encoding.ASCII.GetBytes)];
}
