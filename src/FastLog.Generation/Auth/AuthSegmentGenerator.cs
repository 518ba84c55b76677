using System.Text;
using FastLog.Generation.Attacks;
using FastLog.Generation.Lines;
using FastLog.Generation.Sampling;

namespace FastLog.Generation.Auth;

/// <summary>
/// Debian auth.log (RFC 3164 without PRI, no year, one host): background lines come in two-line
/// episodes (a login and its session, a cron run, a sudo command and its PAM session, a one-off
/// scanner), and the <see cref="AuthScenarioPlanner"/> scenarios are written among them.
/// </summary>
/// <remarks>
/// The background never reaches a threshold of L2–L4: a one-off scanner uses an address of its own
/// (<see cref="AddressBook.WriteScanner"/>) for at most six failures, and a legitimate user
/// mistypes a password in 0.3 % of episodes, from an address only that user has. No background
/// line has an L1 keyword, a UID 0 user or a command touching /var/log/syslog destructively.
/// </remarks>
internal sealed class AuthSegmentGenerator : LineSegmentGenerator<AuthSegmentGenerator.Context>
{
    /// <summary>Average line length (measured), turning <c>--size</c> into lines.</summary>
    public const int AverageLineBytes = 105;
    private const int MaxLineBytes = 512;
    private const int UserCount = 5;
    private const int AdminCount = 2;

    internal enum Episode { PublicKeyLogin, PasswordLogin, Logout, Logind, Cron, Sudo, Scanner, Mistype }

    // Cumulative per-10,000 thresholds, in Episode order.
    private static readonly int[] EpisodeCut = [2600, 3100, 4900, 5900, 7900, 8700, 9970, 10000];

    /// <summary>Per-segment state: timestamps and the episode whose second line is still to come.</summary>
    internal sealed class Context
    {
        public readonly TimestampTexts Time = new();
        public Episode Kind;
        public int Pid, User, Port, Variant, Count, Session, Name;
        public bool External;
    }

    private readonly byte[] _host;
    private readonly byte[][] _users;
    private readonly byte[][] _internal;
    private readonly byte[][] _external;
    private readonly byte[][] _keys;
    private readonly int _logindPid;
    private readonly FrozenUtf8Strings _scannerNames = Freeze(AuthVocabulary.ScannerNames);
    private readonly FrozenUtf8Strings _commands = Freeze(AuthVocabulary.SudoCommands);
    private readonly byte[][] _addresses;
    private readonly byte[][][] _scenarioUsers;

    /// <summary>Builds the model and plans the scenarios for <paramref name="options"/>.</summary>
    public AuthSegmentGenerator(GenerationOptions options)
        : base(options, AverageLineBytes, MaxLineBytes, AuthScenarioPlanner.Plan)
    {
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(options.Seed, GenerationStreams.Vocabulary, 0));
        _host = Encoding.ASCII.GetBytes(AuthVocabulary.Hosts[rng.NextBelow((uint)AuthVocabulary.Hosts.Length)]);
        var names = AuthScenarioPlanner.Pick(AuthVocabulary.Users, UserCount, ref rng);
        _users = new byte[UserCount][];
        _internal = new byte[UserCount][];
        _external = new byte[UserCount][];
        _keys = new byte[UserCount][];
        var base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8;
        for (var u = 0; u < UserCount; u++)
        {
            _users[u] = Encoding.ASCII.GetBytes(names[u]);
            _internal[u] = Encoding.ASCII.GetBytes($"10.{20 + u}.{rng.NextBelow(256)}.{rng.NextBelow(254) + 1}");
            _external[u] = Encoding.ASCII.GetBytes(AddressBook.User(ref rng));
            var key = new byte[43 + 16];
            var c = new ByteCursor(key, 0);
            c.Write(u % 2 == 0 ? "RSA SHA256:"u8 : "ED25519 SHA256:"u8);
            c.WriteRandom(base64, 43, ref rng);
            _keys[u] = key[..c.Position];
        }
        _logindPid = 600 + (int)rng.NextBelow(400);
        _addresses = [.. Plan.Scenarios.Select(s => Encoding.ASCII.GetBytes(s.SourceIp))];
        _scenarioUsers = [.. Plan.Scenarios.Select(s => (s.Users ?? []).Select(Encoding.UTF8.GetBytes).ToArray())];
    }

    /// <inheritdoc/>
    protected override Context CreateContext() => new();

    /// <inheritdoc/>
    protected override LineKind WriteBackground(ref ByteCursor c, ref Xoshiro256PlusPlus rng, long line, long time, Context x)
    {
        var episode = line >> 1;
        var second = (line & 1) == 1;
        if (!second) Begin(ref rng, episode, x);
        var user = _users[x.User];
        var address = x.External ? _external[x.User] : _internal[x.User];
        switch (x.Kind)
        {
            case Episode.PublicKeyLogin:
            case Episode.PasswordLogin:
                Header(ref c, time, x, "sshd"u8, x.Pid);
                if (!second)
                {
                    c.Write(x.Kind == Episode.PublicKeyLogin ? "Accepted publickey for "u8 : "Accepted password for "u8);
                    UserFromPort(ref c, user, address, x.Port);
                    if (x.Kind == Episode.PublicKeyLogin)
                    {
                        c.Write(": "u8);
                        c.Write(_keys[x.User]);
                    }
                }
                else
                {
                    c.Write("pam_unix(sshd:session): session opened for user "u8);
                    c.Write(user);
                    c.Write(" by (uid=0)"u8);
                }
                break;
            case Episode.Logout:
                Header(ref c, time, x, "sshd"u8, x.Pid);
                if (!second)
                {
                    c.Write("Received disconnect from "u8);
                    c.Write(address);
                    c.Write(" port "u8);
                    c.WriteDecimal((ulong)x.Port);
                    c.Write(":11: disconnected by user"u8);
                }
                else
                {
                    c.Write("pam_unix(sshd:session): session closed for user "u8);
                    c.Write(user);
                }
                break;
            case Episode.Logind:
                Header(ref c, time, x, "systemd-logind"u8, _logindPid);
                if (!second)
                {
                    c.Write("New session "u8);
                    c.WriteDecimal((ulong)x.Session);
                    c.Write(" of user "u8);
                    c.Write(user);
                    c.Write((byte)'.');
                }
                else
                {
                    c.Write("Removed session "u8);
                    c.WriteDecimal((ulong)x.Session);
                    c.Write((byte)'.');
                }
                break;
            case Episode.Cron:
                Header(ref c, time, x, "CRON"u8, x.Pid);
                c.Write(second ? "pam_unix(cron:session): session closed for user root"u8 : "pam_unix(cron:session): session opened for user root by (uid=0)"u8);
                break;
            case Episode.Sudo:
                var admin = _users[x.User % AdminCount];
                Header(ref c, time, x, "sudo"u8, -1);
                if (!second)
                {
                    c.Write("  "u8);
                    c.Write(admin);
                    c.Write(" : TTY=pts/"u8);
                    c.WriteDecimal((ulong)x.Variant % 4);
                    c.Write(" ; PWD=/home/"u8);
                    c.Write(admin);
                    c.Write(" ; USER=root ; COMMAND="u8);
                    c.Write(_commands[x.Name]);
                }
                else
                {
                    c.Write("pam_unix(sudo:session): session opened for user root by "u8);
                    c.Write(admin);
                    c.Write("(uid=0)"u8);
                }
                break;
            case Episode.Scanner:
                Header(ref c, time, x, "sshd"u8, x.Pid);
                Scanner(ref c, episode, second, x);
                break;
            default: // Mistype: one failure, then the right password, from the user's own address.
                Header(ref c, time, x, "sshd"u8, x.Pid);
                c.Write(second ? "Accepted password for "u8 : "Failed password for "u8);
                UserFromPort(ref c, user, address, x.Port);
                break;
        }
        c.Write((byte)'\n');
        return LineKind.Record;
    }

    private void Begin(ref Xoshiro256PlusPlus rng, long episode, Context x)
    {
        var r = (int)rng.NextBelow(10_000);
        var kind = 0;
        while (r >= EpisodeCut[kind]) kind++;
        x.Kind = (Episode)kind;
        x.Pid = 1000 + (int)rng.NextBelow(64_000);
        x.User = (int)rng.NextBelow(UserCount);
        x.External = rng.NextBelow(10) < 3;
        x.Port = 32_768 + (int)rng.NextBelow(28_000);
        x.Variant = (int)rng.NextBelow(5);
        x.Count = 2 + (int)rng.NextBelow(4);
        x.Session = 1 + (int)(episode / 3 % 90_000);
        x.Name = (int)rng.NextBelow((uint)(x.Kind == Episode.Sudo ? _commands.Count : _scannerNames.Count));
    }

    /// <summary>
    /// A one-off scanner's two lines, from the episode's own address: at most 1 + 5 failures
    /// (a failed root password and an rsyslog <c>message repeated N times</c> of it).
    /// </summary>
    private void Scanner(ref ByteCursor c, long episode, bool second, Context x)
    {
        var name = _scannerNames[x.Name];
        switch (x.Variant)
        {
            case 0:
                if (!second)
                {
                    c.Write("Invalid user "u8);
                    c.Write(name);
                    c.Write(" from "u8);
                    AddressBook.WriteScanner(ref c, episode);
                    c.Write(" port "u8);
                    c.WriteDecimal((ulong)x.Port);
                }
                else
                {
                    c.Write("Connection closed by invalid user "u8);
                    c.Write(name);
                    c.Write((byte)' ');
                    AddressBook.WriteScanner(ref c, episode);
                    c.Write(" port "u8);
                    c.WriteDecimal((ulong)x.Port);
                    c.Write(" [preauth]"u8);
                }
                break;
            case 1:
                if (second)
                {
                    c.Write("message repeated "u8);
                    c.WriteDecimal((ulong)x.Count);
                    c.Write(" times: [ "u8);
                }
                c.Write("Failed password for root from "u8);
                AddressBook.WriteScanner(ref c, episode);
                c.Write(" port "u8);
                c.WriteDecimal((ulong)x.Port);
                c.Write(" ssh2"u8);
                if (second) c.Write((byte)']');
                break;
            case 2:
                if (!second)
                {
                    c.Write("Did not receive identification string from "u8);
                    AddressBook.WriteScanner(ref c, episode);
                    c.Write(" port "u8);
                    c.WriteDecimal((ulong)x.Port);
                }
                else
                {
                    c.Write("Connection closed by "u8);
                    AddressBook.WriteScanner(ref c, episode);
                    c.Write(" port "u8);
                    c.WriteDecimal((ulong)x.Port);
                    c.Write(" [preauth]"u8);
                }
                break;
            case 3:
                if (!second)
                {
                    c.Write("Failed password for invalid user "u8);
                    c.Write(name);
                    c.Write(" from "u8);
                    AddressBook.WriteScanner(ref c, episode);
                    c.Write(" port "u8);
                    c.WriteDecimal((ulong)x.Port);
                    c.Write(" ssh2"u8);
                }
                else
                {
                    c.Write("Received disconnect from "u8);
                    AddressBook.WriteScanner(ref c, episode);
                    c.Write(" port "u8);
                    c.WriteDecimal((ulong)x.Port);
                    c.Write(":11: Bye Bye [preauth]"u8);
                }
                break;
            default:
                if (!second)
                {
                    c.Write("pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost="u8);
                    AddressBook.WriteScanner(ref c, episode);
                    c.Write("  user=root"u8);
                }
                else
                {
                    c.Write("Failed password for root from "u8);
                    AddressBook.WriteScanner(ref c, episode);
                    c.Write(" port "u8);
                    c.WriteDecimal((ulong)x.Port);
                    c.Write(" ssh2"u8);
                }
                break;
        }
    }

    /// <inheritdoc/>
    protected override void WriteEvent(ref ByteCursor c, ref Xoshiro256PlusPlus rng, AttackScenario s, int number, long time, Context x)
    {
        var address = _addresses[s.Index];
        var users = _scenarioUsers[s.Index];
        var port = 32_768 + (int)rng.NextBelow(28_000);
        // An attacker's connection carries a few attempts: one sshd process per four events.
        var pid = 2_000 + (int)(SplitMix64.Mix(Seed ^ (ulong)s.Index) % 50_000) + number / 4;
        switch (s.Kind)
        {
            case AttackKind.SshBruteForce:
                Header(ref c, time, x, "sshd"u8, pid);
                c.Write("Failed password for "u8);
                UserFromPort(ref c, users[0], address, port);
                break;
            case AttackKind.SshBruteForceSuccess:
                Header(ref c, time, x, "sshd"u8, pid);
                c.Write(number == s.Events - 1 ? "Accepted password for "u8 : "Failed password for "u8);
                UserFromPort(ref c, users[0], address, port);
                break;
            case AttackKind.SshPasswordSpraying:
            case AttackKind.SshUserSpoofing:
                Header(ref c, time, x, "sshd"u8, pid);
                c.Write("Failed password for invalid user "u8);
                UserFromPort(ref c, users[number % users.Length], address, port);
                break;
            case AttackKind.SshdSuspiciousError:
                Header(ref c, time, x, "sshd"u8, pid);
                c.Write("ssh_dispatch_run_fatal: Connection from "u8);
                c.Write(address);
                c.Write(" port "u8);
                c.WriteDecimal((ulong)port);
                c.Write(": "u8);
                c.Write(Encoding.ASCII.GetBytes(AuthVocabulary.SshdErrors[number % AuthVocabulary.SshdErrors.Length]));
                c.Write(" [preauth]"u8);
                break;
            case AttackKind.PrivilegedUserCreation:
                Header(ref c, time, x, "useradd"u8, pid);
                c.Write("new user: name="u8);
                c.Write(users[0]);
                c.Write(", UID=0, GID=0, home=/home/"u8);
                c.Write(users[0]);
                c.Write(", shell=/bin/bash"u8);
                break;
            default: // ClearSyslog
                Header(ref c, time, x, "sudo"u8, -1);
                c.Write("  "u8);
                c.Write(users[0]);
                c.Write(" : TTY=pts/3 ; PWD=/home/"u8);
                c.Write(users[0]);
                c.Write(" ; USER=root ; COMMAND=/bin/rm /var/log/syslog"u8);
                break;
        }
        c.Write((byte)'\n');
    }

    /// <summary><c>Mar  4 09:05:01 host program[pid]: </c> (no <c>[pid]</c> when <paramref name="pid"/> is negative).</summary>
    private void Header(ref ByteCursor c, long time, Context x, ReadOnlySpan<byte> program, int pid)
    {
        x.Time.WriteBsd(ref c, time);
        c.Write((byte)' ');
        c.Write(_host);
        c.Write((byte)' ');
        c.Write(program);
        if (pid >= 0)
        {
            c.Write((byte)'[');
            c.WriteDecimal((ulong)pid);
            c.Write((byte)']');
        }
        c.Write(": "u8);
    }

    private static void UserFromPort(ref ByteCursor c, ReadOnlySpan<byte> user, ReadOnlySpan<byte> address, int port)
    {
        c.Write(user);
        c.Write(" from "u8);
        c.Write(address);
        c.Write(" port "u8);
        c.WriteDecimal((ulong)port);
        c.Write(" ssh2"u8);
    }

    private static FrozenUtf8Strings Freeze(string[] items)
    {
        var pool = new Utf8StringPool();
        foreach (var item in items) pool.Add(item);
        return pool.Freeze();
    }
}
