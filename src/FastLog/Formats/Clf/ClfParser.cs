using System.Runtime.CompilerServices;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats.Custom;
using FastLog.Formats.Fields;
using FastLog.Scanning;

namespace FastLog.Formats.Clf;

/// <summary>
/// Parses Apache/nginx common, combined and nginx-with-request-time lines
/// (docs/formats.md) by walking the structural offsets of a
/// <typeparamref name="TScanner"/>.
/// </summary>
/// <remarks>
/// <para>Grammar (one line; <c>SP</c> is one space; <c>CR</c> before <c>LF</c> is ignored):</para>
/// <code>
/// [vhost[:port] SP] host SP ident SP user SP [dd/Mon/yyyy:HH:MM:SS ±zzzz] SP "request" SP status SP bytes
///     ( SP "referer" SP "user-agent" )? ( SP extra )* LF
/// </code>
/// <para>
/// Quoted fields end at the first <c>"</c> not preceded by an odd run of backslashes (httpd and
/// nginx escape <c>"</c> and <c>\</c>). Values are kept raw, escapes included. <c>-</c> is null
/// for user, referer, user agent, bytes and request time; the request <c>"-"</c> (or one that is
/// not <c>METHOD target [PROTOCOL]</c>) leaves method, path, query and protocol null but the
/// record stands. Status is three digits in 100–599. A line with one token more before the
/// timestamp is Apache's <c>vhost_combined</c> (<c>%v:%p %h %l %u %t …</c>, Debian's
/// <c>other_vhosts_access.log</c>) or nginx with a leading <c>$host</c>: that token fills vhost
/// (and port, after its last <c>:</c>).
/// </para>
/// <para>
/// Common, combined and nginx are one grammar: the <c>"referer" "user-agent"</c> pair is optional
/// (null when a line ends after the bytes, as lines of a server whose configuration changed do),
/// and after it (or after the bytes) come only known extra fields — quoted strings
/// (<c>"$http_x_forwarded_for"</c>), <c>-</c>, numbers (<c>%D</c>, <c>%T</c>, <c>$request_time</c>)
/// and <c>name=value</c> pairs; anything else is <see cref="MalformedReason.TrailingJunk"/>. The
/// variant only decides whether the first extra after the agent is the request time (nginx,
/// where it must then be seconds or <c>-</c>: <see cref="MalformedReason.BadFieldType"/>
/// otherwise).
/// </para>
/// <para>
/// Suspect continuations (<see cref="RecordFlag.SuspectContinuation"/>): with nginx
/// <c>escape=none</c>, or a proxy that unescapes, a quoted field can hold a raw newline and a
/// whole forged line after it. A record that directly follows a line whose walk ended inside an
/// open quote (<see cref="MalformedReason.UnterminatedQuote"/>, in the request, the agent pair or
/// a quoted extra) is marked; the line before a chunk comes from its lookback
/// (<see cref="IContextualBlockParser"/>), so the mark does not depend on chunking.
/// </para>
/// </remarks>
public sealed partial class ClfParser<TScanner> : IContextualBlockParser, INulScanningBlockParser where TScanner : struct, IStructuralScanner
{
    private readonly ClfVariant _variant;
    private readonly LogBatch _batch;
    private int[] _positions = []; // sized by the first block (a probe's sample is small)
    private ClfTimestampField.DayCache _dayCache;
    private readonly ByteRange[] _vhost;
    private readonly long[] _port;
    // The line being walked ended inside an open quote (set by ParseLine).
    private bool _lineOpenAtEnd;
    // The last line seen ended inside an open quote, and the file offset just past its LF.
    private bool _previousOpenAtEnd;
    private long _previousEnd = -1;

    /// <summary>Parsed lines so far that carried the <c>"referer" "user-agent"</c> pair (format detection).</summary>
    public long LinesWithAgent { get; private set; }

    /// <summary>Parsed lines so far that carried an nginx request time after the agent (format detection).</summary>
    public long LinesWithRequestTime { get; private set; }

    // The projection: which columns are filled. Every line's grammar is checked whatever they are
    // (the malformed count is exact); what is skipped is the work that only fills columns.
    private readonly bool _fillIp;
    private readonly bool _fillUser;
    private readonly bool _fillRequest;

    /// <summary>
    /// Creates a parser of <paramref name="variant"/> (which decides whether a number after the
    /// agent is the request time) that fills the columns <paramref name="settings"/>' projection reads.
    /// </summary>
    public ClfParser(ClfVariant variant, int batchCapacity = LogBatch.DefaultCapacity, FormatSettings? settings = null)
    {
        _variant = variant;
        settings ??= FormatSettings.Default;
        _fillIp = settings.Reads(LogField.Ip);
        _fillUser = settings.Reads(LogField.User);
        _fillRequest = settings.Reads(LogField.Method) || settings.Reads(LogField.Path) || settings.Reads(LogField.Query) || settings.Reads(LogField.Protocol);
        _batch = new LogBatch(batchCapacity) { Format = (LogFormat)variant };
        _vhost = _batch.EnsureText(LogField.Vhost);
        _port = _batch.EnsureNumber(LogField.Port);
    }

    /// <inheritdoc/>
    public bool UsesContext => true;

    /// <inheritdoc/>
    public int LookbackBytes => 0;

    /// <inheritdoc/>
    public void BeginChunk(ReadOnlySpan<byte> preceding, in BlockOrigin origin)
    {
        _previousOpenAtEnd = false;
        _previousEnd = -1;
        if (preceding.IsEmpty) return;
        // Only the last line matters: walk it as ParseBlock would, into the (empty) batch's first slot.
        var last = preceding[..^1].LastIndexOf(ByteSets.Lf) + 1;
        var line = preceding[last..];
        if (_positions.Length < line.Length) _positions = new int[Math.Max(line.Length, _positions.Length * 2)];
        var count = TScanner.Scan<QuoteLineFeedSet>(line, _positions);
        var p = 0;
        _batch.Count = 0;
        _lineOpenAtEnd = false;
        ParseLine(line, _positions.AsSpan(0, count), ref p, 0, _batch, out _);
        _previousOpenAtEnd = _lineOpenAtEnd;
        _previousEnd = origin.FileOffset + preceding.Length;
    }

    /// <inheritdoc/>
    public long ParseBlock(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer)
    {
        EnsurePositions(block.Length);
        var count = TScanner.Scan<QuoteLineFeedSet>(block, _positions);
        var lines = new Lines(this, _positions.AsSpan(0, count));
        return LineBlockLoop.Run(ref lines, _batch, block, origin, counters, consumer);
    }

    /// <inheritdoc/>
    public long ParseBlockBeforeNulRegion(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer, out int consumed)
    {
        EnsurePositions(block.Length);
        var count = TScanner.Scan<QuoteLineFeedSet>(block, _positions, out var hasNul);
        consumed = block.Length;
        if (hasNul)
        {
            // Rare: find the first line that starts with NUL. The positions before it are the
            // block prefix's own (a scan's output depends only on the bytes), up to its last LF.
            consumed = NulRegions.LinesBefore(block);
            var found = _positions.AsSpan(0, count).BinarySearch(consumed);
            count = found >= 0 ? found : ~found;
        }
        var lines = new Lines(this, _positions.AsSpan(0, count));
        return LineBlockLoop.Run(ref lines, _batch, block[..consumed], origin, counters, consumer);
    }

    private void EnsurePositions(int length)
    {
        if (_positions.Length < length)
            _positions = new int[Math.Max(length, _positions.Length * 2)]; // deliberate: grows once per worker, or for a long line
    }

    /// <summary>
    /// The block loop's view of a CLF line: the walk over the block's quotes and LFs finds each
    /// line's LF. Invariant: <c>pos[p]</c> is the first quote or LF at or after the next line's
    /// start; every line ends with LF, and LF is structural, so each line's walk stops at its own
    /// LF and <c>p</c> never passes <c>pos.Length</c>.
    /// </summary>
    private ref struct Lines(ClfParser<TScanner> parser, ReadOnlySpan<int> pos) : ILineParser
    {
        private readonly ReadOnlySpan<int> _pos = pos;
        private int _p;

        public static bool WalksToLineFeed => true;

        public LineOutcome ParseLine(ReadOnlySpan<byte> block, int lineStart, int contentEnd, ref int lineFeed, long fileOffset,
            ParseCounters counters, out MalformedReason reason)
        {
            var batch = parser._batch;
            parser._lineOpenAtEnd = false;
            reason = MalformedReason.MissingFields;
            var outcome = parser.FastLane && parser.TryFastLine(block, _pos, ref _p, lineStart, batch)
                ? LineOutcome.Parsed
                : parser.ParseLine(block, _pos, ref _p, lineStart, batch, out reason);
            lineFeed = _pos[_p];
            if (outcome == LineOutcome.Parsed)
            {
                // Directly after a line that ended inside an open quote (not after a gap: a too-long line the cutter skipped).
                var suspect = parser._previousOpenAtEnd && parser._previousEnd == fileOffset;
                if (suspect) counters.Flagged[(int)RecordFlag.SuspectContinuation]++;
                batch.SuspectContinuation[batch.Count] = suspect;
                batch.Line[batch.Count] = new ByteRange(lineStart, lineFeed - lineStart);
            }
            parser._previousOpenAtEnd = parser._lineOpenAtEnd;
            parser._previousEnd = fileOffset + (lineFeed - lineStart) + 1;
            _p++;
            return outcome;
        }

        public readonly ReadOnlySpan<byte> Rows(ReadOnlySpan<byte> block) => block;

        public readonly void BatchConsumed() { }
    }

    /// <summary>
    /// Parses the line at <paramref name="lineStart"/> into slot <c>batch.Count</c>, walking the
    /// line's quotes and LF in <paramref name="pos"/>; the spaces it needs lie in the stretches
    /// between two of them (which hold no quote and no LF) and are found with a vectorised
    /// <c>IndexOf</c> over those few bytes. On return, whatever the outcome, <c>pos[p]</c> is the
    /// line's LF.
    /// </summary>
    private LineOutcome ParseLine(ReadOnlySpan<byte> block, ReadOnlySpan<int> pos, ref int p, int lineStart, LogBatch batch, out MalformedReason reason)
    {
        var i = batch.Count;
        reason = MalformedReason.MissingFields;
        var q = pos[p];
        if (block[q] == ByteSets.Lf && (q == lineStart || (q == lineStart + 1 && block[lineStart] == ByteSets.Cr)))
            return LineOutcome.Blank;

        // [vhost[:port] SP] host SP ident SP user SP [timestamp] SP, all before the request's
        // opening quote at q. Every token end is < q, so the byte after one is inside the line.
        var head = block[lineStart..q];
        var hostStart = 0;
        var hostEnd = NextSpace(head, 0);
        if (hostEnd <= 0) return Fail(block, pos, ref p);
        var identEnd = NextSpace(head, hostEnd + 1);
        if (identEnd < 0) return Fail(block, pos, ref p);
        var userEnd = NextSpace(head, identEnd + 1);
        if (userEnd < 0) return Fail(block, pos, ref p);
        _vhost[i] = ByteRange.Null;
        _port[i] = LogBatch.NullNumber;
        if (block[lineStart + userEnd + 1] != ByteSets.OpenBracket)
        {
            // Apache vhost_combined (%v:%p %h …) or nginx with a leading $host: one more token first.
            var shiftedUserEnd = NextSpace(head, userEnd + 1);
            if (shiftedUserEnd < 0 || block[lineStart + shiftedUserEnd + 1] != ByteSets.OpenBracket) return Fail(block, pos, ref p);
            ReadVhost(block, lineStart, lineStart + hostEnd, i);
            (hostStart, hostEnd, identEnd, userEnd) = (hostEnd + 1, identEnd, userEnd, shiftedUserEnd);
        }
        if (hostEnd == hostStart || userEnd == identEnd + 1) return Fail(block, pos, ref p);
        batch.Ip[i] = _fillIp ? ClientAddress.Of(block, lineStart + hostStart, lineStart + hostEnd) : ByteRange.Null;
        batch.User[i] = _fillUser ? AccessValues.DashIsNull(block, lineStart + identEnd + 1, lineStart + userEnd) : ByteRange.Null;

        // [timestamp]: fixed width; its validated bytes hold no quote and no LF.
        var tsStart = lineStart + userEnd + 1;
        if (!ClfTimestampField.TryParse(block[tsStart..], ref _dayCache, out batch.UnixSeconds[i]))
        {
            reason = MalformedReason.BadTime;
            return Fail(block, pos, ref p);
        }
        var afterTs = tsStart + ClfTimestampField.Length;
        if (q != afterTs + 1 || block[afterTs] != ByteSets.Space || block[q] != ByteSets.Quote) return Fail(block, pos, ref p);

        // "request": up to the first unescaped quote.
        var openQuote = q;
        var closeQuote = ReadQuoted(block, pos, ref p);
        if (closeQuote < 0)
        {
            reason = MalformedReason.UnterminatedQuote;
            _lineOpenAtEnd = true;
            return LineOutcome.Malformed;
        }
        if (_fillRequest) SplitRequest(block, openQuote + 1, closeQuote, batch, i);
        else NoRequest(batch, i);

        // SP status SP bytes: in the stretch up to the next quote or LF.
        var stretchEnd = pos[p + 1];
        if (block[closeQuote + 1] != ByteSets.Space) return Fail(block, pos, ref p);
        var statusStart = closeQuote + 2;
        var statusEnd = SpaceBefore(block, statusStart, stretchEnd);
        if (statusEnd < 0) return Fail(block, pos, ref p);
        if (statusEnd - statusStart != 3 || !AccessValues.TryStatus(block.Slice(statusStart, 3), out batch.Status[i]))
        {
            reason = MalformedReason.BadStatus;
            return Fail(block, pos, ref p);
        }
        var bytesStart = statusEnd + 1;
        var bytesSpace = SpaceBefore(block, bytesStart, stretchEnd);
        var bytesEnd = bytesSpace >= 0 ? bytesSpace : stretchEnd;
        var end = block[bytesEnd];
        if (end == ByteSets.Lf && bytesEnd > bytesStart && block[bytesEnd - 1] == ByteSets.Cr) bytesEnd--;
        if (end == ByteSets.Quote || !AccessValues.TryCount(block[bytesStart..bytesEnd], out batch.Bytes[i]))
        {
            reason = MalformedReason.BadSize;
            return Fail(block, pos, ref p);
        }

        batch.Referer[i] = ByteRange.Null;
        batch.Agent[i] = ByteRange.Null;
        batch.RequestTimeMicros[i] = -1;
        if (end == ByteSets.Space)
        {
            // pos[p] is the request's closing quote; move it to the first quote or LF after the bytes.
            p++;
            if (ParseTail(block, pos, ref p, batch, i, bytesEnd, out var withAgent, out var withTime) is { } tailReason)
            {
                _lineOpenAtEnd = tailReason == MalformedReason.UnterminatedQuote;
                reason = tailReason;
                return Fail(block, pos, ref p);
            }
            if (withAgent) LinesWithAgent++;
            if (withTime) LinesWithRequestTime++;
        }
        while (block[pos[p]] != ByteSets.Lf) p++;
        return LineOutcome.Parsed;
    }

    /// <summary>
    /// The leading <c>%v:%p</c> of <c>block[start, end)</c>: vhost, and the port when the token
    /// ends with <c>:digits</c> after a name, an IPv4 address or a bracketed IPv6 address.
    /// </summary>
    private void ReadVhost(ReadOnlySpan<byte> block, int start, int end, int i)
    {
        var token = block[start..end];
        var colon = token.LastIndexOf((byte)':');
        var port = colon < 0 ? default : token[(colon + 1)..];
        var unbracketedIpv6 = colon > 0 && token[0] != (byte)'[' && token[..colon].IndexOf((byte)':') >= 0;
        if (colon > 0 && !unbracketedIpv6 && port.Length is > 0 and <= 5 && port.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
            && int.Parse(port) <= ushort.MaxValue)
        {
            _vhost[i] = new ByteRange(start, colon);
            _port[i] = int.Parse(port);
            return;
        }
        _vhost[i] = AccessValues.DashIsNull(block, start, end);
    }

    /// <summary>The index in <paramref name="s"/> of the first space at or after <paramref name="from"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextSpace(ReadOnlySpan<byte> s, int from) => SpaceBefore(s, from, s.Length);

    /// <summary>
    /// The first space in <c>[from, end)</c> of <paramref name="block"/>, or -1 (also when
    /// <paramref name="from"/> ≥ <paramref name="end"/>). A plain loop: the fields it crosses
    /// (ident, user, status, bytes, most hosts) are a few bytes long, where a vectorised
    /// <c>IndexOf</c> costs more in its call and set-up than it saves (measured: 17 % of
    /// <c>count</c> went to <c>IndexOf</c> on these spans).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SpaceBefore(ReadOnlySpan<byte> block, int from, int end)
    {
        // Invariant: [from, k) holds no space; k < end <= block.Length.
        for (var k = from; k < end; k++)
            if (block[k] == ByteSets.Space) return k;
        return -1;
    }

    /// <summary>Moves <paramref name="p"/> to the line's LF and reports the line malformed.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static LineOutcome Fail(ReadOnlySpan<byte> block, ReadOnlySpan<int> pos, ref int p)
    {
        while (block[pos[p]] != ByteSets.Lf) p++;
        return LineOutcome.Malformed;
    }

    /// <summary>
    /// With <c>pos[p]</c> on an opening quote, advances to the closing one (the first quote not
    /// escaped by an odd run of backslashes) and returns its offset; returns -1 with
    /// <c>pos[p]</c> on the LF when the line ends first.
    /// </summary>
    private static int ReadQuoted(ReadOnlySpan<byte> block, ReadOnlySpan<int> pos, ref int p)
    {
        var contentStart = pos[p] + 1;
        // Invariant: every position between the opening quote and pos[p] is an escaped quote.
        while (true)
        {
            var q = pos[++p];
            if (block[q] == ByteSets.Lf) return -1;
            if (!IsEscaped(block, q, contentStart)) return q;
        }
    }

    /// <summary>True when the quote at <paramref name="quote"/> follows an odd run of backslashes that starts at or after <paramref name="floor"/>.</summary>
    private static bool IsEscaped(ReadOnlySpan<byte> block, int quote, int floor)
    {
        var k = quote - 1;
        while (k >= floor && block[k] == ByteSets.Backslash) k--;
        return ((quote - 1 - k) & 1) == 1;
    }

    /// <summary>Method, path, query and protocol null: the projection reads none of them (splitting a request never fails a line).</summary>
    private static void NoRequest(LogBatch batch, int i)
    {
        batch.Method[i] = ByteRange.Null;
        batch.Path[i] = ByteRange.Null;
        batch.Query[i] = ByteRange.Null;
        batch.Protocol[i] = ByteRange.Null;
    }

    private static void SplitRequest(ReadOnlySpan<byte> block, int start, int end, LogBatch batch, int i)
    {
        // The method and the protocol are short: search for their spaces from each end.
        var firstSpace = SpaceBefore(block, start, end);
        var lastSpace = end - 1;
        if (firstSpace >= 0)
        {
            while (block[lastSpace] != ByteSets.Space) lastSpace--;
        }
        else
        {
            lastSpace = -1;
        }
        batch.Method[i] = ByteRange.Null;
        batch.Path[i] = ByteRange.Null;
        batch.Query[i] = ByteRange.Null;
        batch.Protocol[i] = ByteRange.Null;
        // "METHOD target PROTOCOL", or "METHOD target" (HTTP/0.9); anything else ("-", "",
        // TLS handshake bytes) leaves the request fields null.
        if (firstSpace <= start) return;
        int targetEnd;
        if (lastSpace > firstSpace)
        {
            if (lastSpace + 1 == end) return;
            targetEnd = lastSpace;
            batch.Protocol[i] = new ByteRange(lastSpace + 1, end - lastSpace - 1);
        }
        else
        {
            targetEnd = end;
        }
        var targetStart = firstSpace + 1;
        if (targetEnd <= targetStart)
        {
            batch.Protocol[i] = ByteRange.Null;
            return;
        }
        batch.Method[i] = new ByteRange(start, firstSpace - start);
        var question = block[targetStart..targetEnd].IndexOf(ByteSets.QuestionMark);
        if (question < 0)
        {
            batch.Path[i] = new ByteRange(targetStart, targetEnd - targetStart);
        }
        else
        {
            batch.Path[i] = new ByteRange(targetStart, question);
            batch.Query[i] = new ByteRange(targetStart + question + 1, targetEnd - targetStart - question - 1);
        }
    }
}
