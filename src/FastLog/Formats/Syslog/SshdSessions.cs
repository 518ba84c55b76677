using System.IO.Hashing;
using System.Runtime.InteropServices;
using FastLog.Columns;

namespace FastLog.Formats.Syslog;

/// <summary>
/// The peer address of recent sshd sessions, by host and pid, for resolving ambiguous lines
/// (<see cref="AuthAmbiguity"/>): a direct-mapped table of <see cref="SlotCount"/> slots, each
/// holding the last unambiguous address a line of a session named and that line's offset.
/// </summary>
/// <remarks>
/// An entry answers only for lines at most <see cref="WindowBytes"/> after it, so the answer for a
/// line depends only on the lines that start within that window before it: the lookback a chunk
/// gets (<see cref="IContextualBlockParser"/>) holds all of them, and a chunked run resolves
/// exactly as a whole-file run does. A colliding session overwrites a slot; the lost entry only
/// leaves a later ambiguous line unresolved (null ip), never attributes it wrongly, so the table
/// needs neither probing nor a seeded hash, and its memory is fixed (about 400 KiB). Failure
/// tallies (<see cref="CountFailures"/>) are kept apart, exactly, per epoch.
/// </remarks>
internal sealed class SshdSessions
{
    /// <summary>1 MiB of log before a line (roughly 10,000 auth lines): longer than sshd's default 120 s login grace time on all but the busiest hosts.</summary>
    public const int WindowBytes = 1 << 20;

    private const int SlotBits = 12;
    private const int SlotCount = 1 << SlotBits;
    private const long Empty = long.MinValue;

    private readonly ulong[] _keys = new ulong[SlotCount];
    private readonly long[] _pids = new long[SlotCount];
    private readonly long[] _offsets = new long[SlotCount];
    private readonly byte[] _peers = new byte[SlotCount * IpLiteral.MaxLength];
    private readonly byte[] _peerLengths = new byte[SlotCount];

    // Failure tallies per session (host key, pid) for the lines of the current epoch: at most one
    // entry per line of a 1 MiB window, so bounded, and never lossy within the epoch.
    private readonly Dictionary<(ulong Host, long Pid), Tally> _tallies = new();
    private long _tallyEpoch = Empty;

    /// <summary>Failures one session's witnesses reported (<see cref="FailureWitness"/>).</summary>
    private struct Tally
    {
        public long Sshd, InvalidUser, Pam;

        public readonly long Max => Math.Max(Sshd, Math.Max(InvalidUser, Pam));
    }

    /// <summary>Creates an empty table.</summary>
    public SshdSessions() => Clear();

    /// <summary>Forgets every session.</summary>
    public void Clear()
    {
        _offsets.AsSpan().Fill(Empty);
        _tallies.Clear();
        _tallyEpoch = Empty;
    }

    /// <summary>The key of a host name (the pid is kept apart): unseeded, so runs are reproducible.</summary>
    public static ulong HostKey(ReadOnlySpan<byte> host) => XxHash3.HashToUInt64(host);

    /// <summary>Records that the line at <paramref name="fileOffset"/> of session (<paramref name="host"/>, <paramref name="pid"/>) named <paramref name="peer"/>.</summary>
    public void Remember(ulong host, long pid, long fileOffset, ReadOnlySpan<byte> peer)
    {
        if (peer.Length > IpLiteral.MaxLength) return;
        var slot = Slot(host, pid);
        _keys[slot] = host;
        _pids[slot] = pid;
        _offsets[slot] = fileOffset;
        _peerLengths[slot] = (byte)peer.Length;
        peer.CopyTo(_peers.AsSpan(slot * IpLiteral.MaxLength));
    }

    /// <summary>The address the session's latest line within the window before <paramref name="fileOffset"/> named, if any.</summary>
    public bool TryGet(ulong host, long pid, long fileOffset, out ReadOnlySpan<byte> peer)
    {
        var slot = Slot(host, pid);
        var at = _offsets[slot];
        if (at == Empty || _keys[slot] != host || _pids[slot] != pid || fileOffset - at > WindowBytes)
        {
            peer = default;
            return false;
        }
        peer = _peers.AsSpan(slot * IpLiteral.MaxLength, _peerLengths[slot]);
        return true;
    }

    /// <summary>
    /// Adds <paramref name="reported"/> failures that a line at <paramref name="fileOffset"/> of
    /// session (<paramref name="host"/>, <paramref name="pid"/>) reports as <paramref name="witness"/>,
    /// and returns how many of them are new: a session's failures are the most that any one
    /// witness reported (sshd's <c>Failed</c> lines, its <c>Invalid user</c> line and PAM's lines
    /// describe the same attempts), so a line adds only what raises that maximum.
    /// </summary>
    /// <remarks>
    /// Tallies cover the lines of one epoch, <c>fileOffset / WindowBytes</c>, and start again in
    /// the next: every earlier line of a line's epoch lies within the lookback a chunk gets, so a
    /// chunked run counts exactly as a whole-file run. The price: a session that crosses an epoch
    /// boundary (one per MiB of log) may count one attempt twice.
    /// </remarks>
    public long CountFailures(ulong host, long pid, long fileOffset, FailureWitness witness, long reported)
    {
        var epoch = fileOffset / WindowBytes;
        if (epoch != _tallyEpoch)
        {
            _tallies.Clear();
            _tallyEpoch = epoch;
        }
        ref var tally = ref CollectionsMarshal.GetValueRefOrAddDefault(_tallies, (host, pid), out _);
        var before = tally.Max;
        if (witness == FailureWitness.Sshd) tally.Sshd = Add(tally.Sshd, reported);
        else if (witness == FailureWitness.InvalidUser) tally.InvalidUser = Add(tally.InvalidUser, reported);
        else tally.Pam = Add(tally.Pam, reported);
        return tally.Max - before;
    }

    private static long Add(long count, long more) => more > long.MaxValue - count ? long.MaxValue : count + more;

    private static int Slot(ulong host, long pid) => (int)(((host ^ (ulong)pid) * 0x9E3779B97F4A7C15UL) >> (64 - SlotBits));
}
