using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Scanning;

namespace FastLog.Formats.Syslog;

/// <summary>
/// Parses syslog lines (<see cref="SyslogHeader"/>) into batches, and for <see cref="LogFormat.Auth"/>
/// also their auth event (<see cref="AuthMessage"/>). Every line is read on its own, except that
/// an auth line with more than one possible peer address takes the address an earlier line of
/// the same <c>sshd[pid]</c> named within <see cref="SshdSessions.WindowBytes"/> (or none, and
/// counts as <see cref="RecordFlag.AmbiguousSource"/>); that lookback is bounded and handed over
/// at chunk starts (<see cref="IContextualBlockParser"/>), so any chunking gives the same records.
/// </summary>
/// <remarks>
/// Lines are found with a vectorised <c>IndexOf(LF)</c> and headers read by position; a syslog
/// line has no quoting for a structural scanner to help with, so every scanner kind gets this
/// same parser and identical results.
/// </remarks>
public sealed class SyslogParser : IContextualBlockParser
{
    private readonly bool _auth;
    private readonly FormatSettings _settings;
    private readonly LogBatch _batch;
    private readonly ByteRange[] _host, _app, _msgId, _message;
    private readonly long[] _pid, _severity, _facility, _repeat;
    private readonly int[] _nanoseconds;
    private readonly long[]? _event, _port, _invalidUser, _failures;
    private readonly ByteRange[]? _command;
    private readonly SshdSessions? _sessions;
    private int _yearInput = -1;
    private SyslogTimestamp.YearRule _years;

    /// <summary>Creates a parser; <paramref name="auth"/> adds the auth fields.</summary>
    public SyslogParser(bool auth, FormatSettings settings, int batchCapacity = LogBatch.DefaultCapacity)
    {
        _auth = auth;
        _settings = settings;
        var batch = new LogBatch(batchCapacity) { Format = auth ? LogFormat.Auth : LogFormat.Syslog };
        _batch = batch;
        _host = batch.EnsureText(LogField.Host);
        _app = batch.EnsureText(LogField.App);
        _msgId = batch.EnsureText(LogField.MsgId);
        _message = batch.EnsureText(LogField.Message);
        _pid = batch.EnsureNumber(LogField.Pid);
        _severity = batch.EnsureNumber(LogField.Severity);
        _facility = batch.EnsureNumber(LogField.Facility);
        _repeat = batch.EnsureNumber(LogField.Repeat);
        _nanoseconds = batch.EnsureNanoseconds();
        if (auth)
        {
            _event = batch.EnsureNumber(LogField.Event);
            _port = batch.EnsureNumber(LogField.Port);
            _invalidUser = batch.EnsureNumber(LogField.InvalidUser);
            _failures = batch.EnsureNumber(LogField.Failures);
            _command = batch.EnsureText(LogField.Command);
            _sessions = new SshdSessions();
        }
        // The access-log columns this parser never writes stay null for good (auth writes ip, user, method per record).
        batch.Path.AsSpan().Fill(ByteRange.Null);
        batch.Query.AsSpan().Fill(ByteRange.Null);
        batch.Protocol.AsSpan().Fill(ByteRange.Null);
        batch.Referer.AsSpan().Fill(ByteRange.Null);
        batch.Agent.AsSpan().Fill(ByteRange.Null);
        batch.Ip.AsSpan().Fill(ByteRange.Null);
        batch.User.AsSpan().Fill(ByteRange.Null);
        batch.Method.AsSpan().Fill(ByteRange.Null);
        batch.Bytes.AsSpan().Fill(-1);
        batch.RequestTimeMicros.AsSpan().Fill(-1);
    }

    /// <inheritdoc/>
    public bool UsesContext => _sessions is not null;

    /// <inheritdoc/>
    public int LookbackBytes => SshdSessions.WindowBytes;

    /// <inheritdoc/>
    public void BeginChunk(ReadOnlySpan<byte> preceding, in BlockOrigin origin)
    {
        if (_sessions is null) return;
        _sessions.Clear();
        SetYears(origin.InputIndex);
        var header = default(SyslogLine);
        var auth = default(AuthFields);
        var lineStart = 0;
        // Invariant: lineStart is a line start; `preceding` is whole lines, so each IndexOf finds a LF.
        while (lineStart < preceding.Length)
        {
            var lineEnd = lineStart + preceding[lineStart..].IndexOf(ByteSets.Lf);
            var contentEnd = lineEnd > lineStart && preceding[lineEnd - 1] == ByteSets.Cr ? lineEnd - 1 : lineEnd;
            var line = preceding[lineStart..contentEnd];
            if (!line.IsEmpty && SyslogHeader.TryParse(line, _years, _settings.ExpandRepeats, ref header, out _))
            {
                AuthMessage.Parse(line, in header, ref auth);
                Attribute(line, in header, ref auth, origin.FileOffset + lineStart, counters: null);
            }
            lineStart = lineEnd + 1;
        }
    }

    private void SetYears(int inputIndex)
    {
        if (inputIndex == _yearInput) return;
        _years = SyslogTimestamp.YearRule.For(_settings, inputIndex);
        _yearInput = inputIndex;
    }

    /// <summary>
    /// Resolves an ambiguous auth line from its sshd session's earlier lines, or counts it
    /// (<paramref name="counters"/> is null while reading a chunk's lookback); remembers the peer
    /// address of an unambiguous sshd line for later ones.
    /// </summary>
    private void Attribute(ReadOnlySpan<byte> line, in SyslogLine h, ref AuthFields a, long fileOffset, ParseCounters? counters)
    {
        var session = h.Pid >= 0 && h.AppStart >= 0 && AuthMessage.IsSshd(line[h.AppStart..h.AppEnd]);
        if (AuthEventNames.WitnessOf(a.Event) is { } witness)
        {
            // A repeated line reports its failures N times; --repeats once has made N 1.
            var reported = h.Repeat > 1 && a.Failures > long.MaxValue / h.Repeat ? long.MaxValue : a.Failures * Math.Max(1, h.Repeat);
            a.Failures = session ? _sessions!.CountFailures(SessionHost(line, in h), h.Pid, fileOffset, witness, reported) : reported;
        }
        if (a.Ambiguity != AuthAmbiguity.None)
        {
            var resolved = session && _sessions!.TryGet(SessionHost(line, in h), h.Pid, fileOffset, out var peer) && AuthMessage.Resolve(line, ref a, peer);
            if (!resolved && counters is not null) counters.Flagged[(int)RecordFlag.AmbiguousSource]++;
            return;
        }
        if (!session) return;
        if (a.IpStart >= 0) _sessions!.Remember(SessionHost(line, in h), h.Pid, fileOffset, line[a.IpStart..a.IpEnd]);
        else if (a.PeerStart >= 0) _sessions!.Remember(SessionHost(line, in h), h.Pid, fileOffset, line[a.PeerStart..a.PeerEnd]);
    }

    private static ulong SessionHost(ReadOnlySpan<byte> line, in SyslogLine h) => SshdSessions.HostKey(h.HostStart < 0 ? default : line[h.HostStart..h.HostEnd]);

    /// <inheritdoc/>
    public long ParseBlock(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer)
    {
        SetYears(origin.InputIndex);
        var lines = new Lines(this);
        return LineBlockLoop.Run(ref lines, _batch, block, origin, counters, consumer);
    }

    /// <summary>
    /// The block loop's view of a syslog line, with the header and auth fields reused from line to
    /// line; its record's line keeps a CR before the LF.
    /// </summary>
    private struct Lines(SyslogParser parser) : ILineParser
    {
        private SyslogLine _header;
        private AuthFields _auth;

        public static bool WalksToLineFeed => false;

        public LineOutcome ParseLine(ReadOnlySpan<byte> block, int lineStart, int contentEnd, ref int lineFeed, long fileOffset,
            ParseCounters counters, out MalformedReason reason)
        {
            var line = block[lineStart..contentEnd];
            if (!SyslogHeader.TryParse(line, parser._years, parser._settings.ExpandRepeats, ref _header, out reason)) return LineOutcome.Malformed;
            var i = parser._batch.Count;
            parser.Store(line, lineStart, in _header, i);
            if (parser._auth)
            {
                AuthMessage.Parse(line, in _header, ref _auth);
                parser.Attribute(line, in _header, ref _auth, fileOffset, counters);
                parser.StoreAuth(lineStart, in _auth, i);
            }
            parser._batch.Line[i] = new ByteRange(lineStart, lineFeed - lineStart);
            return LineOutcome.Parsed;
        }

        public readonly ReadOnlySpan<byte> Rows(ReadOnlySpan<byte> block) => block;

        public readonly void BatchConsumed() { }
    }

    private void Store(ReadOnlySpan<byte> line, int lineStart, in SyslogLine h, int i)
    {
        _batch.UnixSeconds[i] = h.UnixSeconds;
        _nanoseconds[i] = h.Nanoseconds;
        _host[i] = Range(lineStart, h.HostStart, h.HostEnd);
        _app[i] = Range(lineStart, h.AppStart, h.AppEnd);
        _msgId[i] = Range(lineStart, h.MsgIdStart, h.MsgIdEnd);
        _message[i] = new ByteRange(lineStart + h.MsgStart, h.MsgEnd - h.MsgStart);
        _pid[i] = h.Pid >= 0 ? h.Pid : LogBatch.NullNumber;
        _severity[i] = h.Pri >= 0 ? h.Pri & 7 : LogBatch.NullNumber;
        _facility[i] = h.Pri >= 0 ? h.Pri >> 3 : LogBatch.NullNumber;
        _repeat[i] = h.Repeat;
        FastLogAssert.True(h.MsgEnd <= line.Length);
    }

    private void StoreAuth(int lineStart, in AuthFields a, int i)
    {
        _event![i] = (long)a.Event;
        _batch.User[i] = Range(lineStart, a.UserStart, a.UserEnd);
        _batch.Ip[i] = Range(lineStart, a.IpStart, a.IpEnd);
        _batch.Method[i] = Range(lineStart, a.MethodStart, a.MethodEnd);
        _port![i] = a.Port >= 0 ? a.Port : LogBatch.NullNumber;
        _invalidUser![i] = a.InvalidUser >= 0 ? a.InvalidUser : LogBatch.NullNumber;
        _command![i] = Range(lineStart, a.CommandStart, a.CommandEnd);
        _failures![i] = AuthEventNames.IsFailure(a.Event) ? a.Failures : LogBatch.NullNumber;
    }

    private static ByteRange Range(int lineStart, int start, int end) => start < 0 ? ByteRange.Null : new ByteRange(lineStart + start, end - start);
}
