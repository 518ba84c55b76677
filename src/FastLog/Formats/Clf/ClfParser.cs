using System.Runtime.CompilerServices;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats.Fields;
using FastLog.Scanning;

namespace FastLog.Formats.Clf;

/// <summary>
/// Parses Apache/nginx common, combined and nginx-with-request-time lines
/// (shared/docs/formats.md §5.1–5.2) by walking the structural offsets of a
/// <typeparamref name="TScanner"/>.
/// </summary>
/// <remarks>
/// <para>Grammar (one line; <c>SP</c> is one space; <c>CR</c> before <c>LF</c> is ignored):</para>
/// <code>
/// host SP ident SP user SP [dd/Mon/yyyy:HH:MM:SS ±zzzz] SP "request" SP status SP bytes
///     ( SP "referer" SP "user-agent" ( SP request_time )? )? ( SP anything )? LF
/// </code>
/// <para>
/// Quoted fields end at the first <c>"</c> not preceded by an odd run of backslashes (httpd and
/// nginx escape <c>"</c> and <c>\</c>). Values are kept raw, escapes included. <c>-</c> is null
/// for user, referer, user agent, bytes and request time; the request <c>"-"</c> (or one that is
/// not <c>METHOD target [PROTOCOL]</c>) leaves method, path, query and protocol null but the
/// record stands. Status is three digits in 100–599. Trailing fields after the last field of the
/// variant are ignored (admins append them). A line that reaches fewer fields than the
/// variant requires is malformed (<see cref="MalformedReason.MissingFields"/>); fields past the
/// variant are not reported (a combined line read as <c>common</c> has no user agent).
/// </para>
/// </remarks>
public sealed class ClfParser<TScanner> : IBlockParser where TScanner : struct, IStructuralScanner
{
    private readonly ClfVariant _variant;
    private readonly LogBatch _batch;
    private int[] _positions = new int[64 * 1024];
    private ClfTimestampField.DayCache _dayCache;

    /// <summary>Creates a parser that requires the fields of <paramref name="variant"/>.</summary>
    public ClfParser(ClfVariant variant, int batchCapacity = LogBatch.DefaultCapacity)
    {
        _variant = variant;
        _batch = new LogBatch(batchCapacity);
    }

    /// <inheritdoc/>
    public long ParseBlock(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer)
    {
        FastLogAssert.True(block.Length > 0 && block[^1] == ByteSets.Lf);
        if (_positions.Length < block.Length)
            _positions = new int[Math.Max(block.Length, _positions.Length * 2)]; // deliberate: grows once per worker, or for a long line
        var count = TScanner.Scan(block, _positions);
        ReadOnlySpan<int> pos = _positions.AsSpan(0, count);
        var batch = _batch;
        batch.Count = 0;
        var p = 0;
        var lineStart = 0;
        long lineIndex = 0;
        // Invariant: lineStart is the first byte of a line and pos[p] the first structural byte at
        // or after it. Every line ends with LF, and LF is structural, so each line's walk stops at
        // its own LF and p never passes pos.Length. Exit: lineStart == block.Length.
        while (lineStart < block.Length)
        {
            var outcome = ParseLine(block, pos, ref p, lineStart, batch, out var reason);
            var lineEnd = pos[p];
            FastLogAssert.True(block[lineEnd] == ByteSets.Lf);
            switch (outcome)
            {
                case LineOutcome.Parsed:
                    counters.Lines++;
                    counters.Parsed++;
                    batch.Line[batch.Count] = new ByteRange(lineStart, lineEnd - lineStart);
                    batch.LineIndex[batch.Count] = origin.FirstLineIndex + lineIndex;
                    batch.Count++;
                    if (batch.IsFull)
                    {
                        consumer.Consume(batch, block);
                        batch.Count = 0;
                    }
                    break;
                case LineOutcome.Blank:
                    counters.Lines++;
                    counters.Blank++;
                    break;
                default:
                    counters.AddMalformed(reason, origin.InputIndex, origin.ChunkIndex, origin.FirstLineIndex + lineIndex,
                        origin.FileOffset + lineStart, TrimEol(block[lineStart..lineEnd]));
                    break;
            }
            p++;
            lineStart = lineEnd + 1;
            lineIndex++;
        }
        if (batch.Count > 0)
        {
            consumer.Consume(batch, block);
            batch.Count = 0;
        }
        return lineIndex;
    }

    private enum LineOutcome { Parsed, Blank, Malformed }

    /// <summary>
    /// Parses the line at <paramref name="lineStart"/> into slot <c>batch.Count</c>.
    /// On return, whatever the outcome, <c>pos[p]</c> is the line's LF.
    /// </summary>
    private LineOutcome ParseLine(ReadOnlySpan<byte> block, ReadOnlySpan<int> pos, ref int p, int lineStart, LogBatch batch, out MalformedReason reason)
    {
        var i = batch.Count;
        reason = MalformedReason.MissingFields;
        var q = pos[p];
        if (block[q] != ByteSets.Space)
        {
            if (block[q] == ByteSets.Lf && (q == lineStart || (q == lineStart + 1 && block[lineStart] == ByteSets.Cr)))
                return LineOutcome.Blank;
            return Fail(block, pos, ref p);
        }
        if (q == lineStart) return Fail(block, pos, ref p);
        batch.Ip[i] = new ByteRange(lineStart, q - lineStart);

        // ident (ignored), then user.
        q = pos[++p];
        if (block[q] != ByteSets.Space) return Fail(block, pos, ref p);
        var userStart = q + 1;
        q = pos[++p];
        if (block[q] != ByteSets.Space || q == userStart) return Fail(block, pos, ref p);
        batch.User[i] = DashIsNull(block, userStart, q);

        // [timestamp]: fixed width; its bytes exclude LF, so the line's LF lies past it.
        var tsStart = q + 1;
        if (block[tsStart] != ByteSets.OpenBracket) return Fail(block, pos, ref p);
        if (!ClfTimestampField.TryParse(block[tsStart..], ref _dayCache, out batch.UnixSeconds[i]))
        {
            reason = MalformedReason.BadTime;
            return Fail(block, pos, ref p);
        }
        var afterTs = tsStart + ClfTimestampField.Length;
        while (pos[p] < afterTs) p++;
        q = pos[p];
        if (q != afterTs || block[q] != ByteSets.Space) return Fail(block, pos, ref p);

        // "request": remember the first and last space to split METHOD target PROTOCOL.
        var openQuote = q + 1;
        q = pos[++p];
        if (q != openQuote || block[q] != ByteSets.Quote) return Fail(block, pos, ref p);
        int firstSpace = -1, lastSpace = -1;
        while (true)
        {
            q = pos[++p];
            var b = block[q];
            if (b == ByteSets.Space)
            {
                if (firstSpace < 0) firstSpace = q;
                lastSpace = q;
            }
            else if (b == ByteSets.Lf)
            {
                reason = MalformedReason.UnterminatedQuote;
                return LineOutcome.Malformed;
            }
            else if (!IsEscaped(block, q, openQuote + 1))
            {
                break;
            }
        }
        SplitRequest(block, openQuote + 1, q, firstSpace, lastSpace, batch, i);
        var closeQuote = q;

        // status
        q = pos[++p];
        if (q != closeQuote + 1 || block[q] != ByteSets.Space) return Fail(block, pos, ref p);
        var statusStart = q + 1;
        q = pos[++p];
        if (block[q] != ByteSets.Space) return Fail(block, pos, ref p);
        if (q - statusStart != 3 || !TryParseStatus(block.Slice(statusStart, 3), out batch.Status[i]))
        {
            reason = MalformedReason.BadStatus;
            return Fail(block, pos, ref p);
        }

        // bytes, ended by a space or the end of the line.
        var bytesStart = q + 1;
        q = pos[++p];
        var end = block[q];
        var bytesEnd = end == ByteSets.Lf && block[q - 1] == ByteSets.Cr ? q - 1 : q;
        if (end == ByteSets.Quote || !TryParseSize(block[bytesStart..bytesEnd], out batch.Bytes[i]))
        {
            reason = MalformedReason.BadSize;
            return Fail(block, pos, ref p);
        }

        var level = ClfVariant.Common;
        var badRequestTime = false;
        batch.Referer[i] = ByteRange.Null;
        batch.Ua[i] = ByteRange.Null;
        batch.RequestTimeMicros[i] = -1;
        if (end == ByteSets.Space && block[q + 1] == ByteSets.Quote)
        {
            var failure = ParseRefererAndAgent(block, pos, ref p, bytesEnd, batch, i, ref level, ref badRequestTime);
            if (failure is { } tailReason)
            {
                if (_variant != ClfVariant.Common)
                {
                    reason = tailReason;
                    return Fail(block, pos, ref p);
                }
                // For common, whatever follows the bytes is an appended extra (e.g. a quoted
                // X-Forwarded-For), not a broken referer: the line stands without those fields.
                level = ClfVariant.Common;
            }
        }

        // Fields past the last one of the variant are ignored; skip them to the LF.
        while (block[pos[p]] != ByteSets.Lf) p++;
        if (level < _variant)
        {
            if (badRequestTime) reason = MalformedReason.BadFieldType;
            return LineOutcome.Malformed;
        }
        if (_variant < ClfVariant.Nginx) batch.RequestTimeMicros[i] = -1;
        if (_variant < ClfVariant.Combined)
        {
            batch.Referer[i] = ByteRange.Null;
            batch.Ua[i] = ByteRange.Null;
        }
        return LineOutcome.Parsed;
    }

    /// <summary>
    /// With <c>pos[p]</c> on the space after the bytes field, followed by a quote, reads
    /// <c>"referer" "user-agent"</c> and an optional request time into slot <paramref name="i"/>,
    /// raising <paramref name="level"/> to what the line carries. Returns null, or why the fields
    /// are malformed (then <c>pos[p]</c> is somewhere on the line, not past its LF).
    /// </summary>
    private static MalformedReason? ParseRefererAndAgent(ReadOnlySpan<byte> block, ReadOnlySpan<int> pos, ref int p, int bytesEnd,
        LogBatch batch, int i, ref ClfVariant level, ref bool badRequestTime)
    {
        p++;
        var refererEnd = ReadQuoted(block, pos, ref p);
        if (refererEnd < 0) return MalformedReason.UnterminatedQuote;
        var q = pos[++p];
        if (q != refererEnd + 1 || block[q] != ByteSets.Space) return MalformedReason.MissingFields;
        q = pos[++p];
        if (q != refererEnd + 2 || block[q] != ByteSets.Quote) return MalformedReason.MissingFields;
        var uaEnd = ReadQuoted(block, pos, ref p);
        if (uaEnd < 0) return MalformedReason.UnterminatedQuote;

        q = pos[++p];
        var end = block[q];
        if (end == ByteSets.Space && q == uaEnd + 1)
        {
            // request_time, ended by a space or the end of the line.
            var timeStart = q + 1;
            q = pos[++p];
            var timeEnd = block[q] == ByteSets.Lf && block[q - 1] == ByteSets.Cr ? q - 1 : q;
            if (block[q] != ByteSets.Quote && TryParseSeconds(block[timeStart..timeEnd], out batch.RequestTimeMicros[i]))
                level = ClfVariant.Nginx;
            else
                badRequestTime = true;
        }
        else if (!(end == ByteSets.Lf && (q == uaEnd + 1 || (q == uaEnd + 2 && block[uaEnd + 1] == ByteSets.Cr))))
        {
            return MalformedReason.MissingFields;
        }
        batch.Referer[i] = DashIsNull(block, bytesEnd + 2, refererEnd);
        batch.Ua[i] = DashIsNull(block, refererEnd + 3, uaEnd);
        if (level < ClfVariant.Combined) level = ClfVariant.Combined;
        return null;
    }

    /// <summary>Moves <paramref name="p"/> to the line's LF and reports the line malformed.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static LineOutcome Fail(ReadOnlySpan<byte> block, ReadOnlySpan<int> pos, ref int p)
    {
        while (block[pos[p]] != ByteSets.Lf) p++;
        return LineOutcome.Malformed;
    }

    /// <summary>
    /// With <c>pos[p]</c> on an opening quote, advances to the closing one and returns its
    /// offset; returns -1 with <c>pos[p]</c> on the LF when the line ends first.
    /// </summary>
    private static int ReadQuoted(ReadOnlySpan<byte> block, ReadOnlySpan<int> pos, ref int p)
    {
        var contentStart = pos[p] + 1;
        while (true)
        {
            var q = pos[++p];
            var b = block[q];
            if (b == ByteSets.Lf) return -1;
            if (b == ByteSets.Quote && !IsEscaped(block, q, contentStart)) return q;
        }
    }

    /// <summary>True when the quote at <paramref name="quote"/> follows an odd run of backslashes that starts at or after <paramref name="floor"/>.</summary>
    private static bool IsEscaped(ReadOnlySpan<byte> block, int quote, int floor)
    {
        var k = quote - 1;
        while (k >= floor && block[k] == ByteSets.Backslash) k--;
        return ((quote - 1 - k) & 1) == 1;
    }

    private static void SplitRequest(ReadOnlySpan<byte> block, int start, int end, int firstSpace, int lastSpace, LogBatch batch, int i)
    {
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

    private static ByteRange DashIsNull(ReadOnlySpan<byte> block, int start, int end)
        => end - start == 1 && block[start] == ByteSets.Dash ? ByteRange.Null : new ByteRange(start, end - start);

    private static bool TryParseStatus(ReadOnlySpan<byte> s, out short status)
    {
        var d0 = (uint)(s[0] - '0');
        var d1 = (uint)(s[1] - '0');
        var d2 = (uint)(s[2] - '0');
        status = (short)(d0 * 100 + d1 * 10 + d2);
        return d0 is >= 1 and <= 5 && d1 <= 9 && d2 <= 9;
    }

    /// <summary>Digits (at most 18, so no overflow) or <c>-</c> (null, -1).</summary>
    private static bool TryParseSize(ReadOnlySpan<byte> s, out long value)
    {
        value = -1;
        if (s.Length == 1 && s[0] == ByteSets.Dash) return true;
        if (s.Length is 0 or > 18) return false;
        long v = 0;
        foreach (var c in s)
        {
            var d = (uint)(c - '0');
            if (d > 9) return false;
            v = v * 10 + d;
        }
        value = v;
        return true;
    }

    /// <summary>
    /// Seconds as <c>digits[.digits]</c> (at most 9 integer digits) into microseconds, digits past
    /// the sixth decimal truncated; <c>-</c> is null (-1).
    /// </summary>
    private static bool TryParseSeconds(ReadOnlySpan<byte> s, out long micros)
    {
        micros = -1;
        if (s.Length == 1 && s[0] == ByteSets.Dash) return true;
        var dot = s.IndexOf((byte)'.');
        var whole = dot < 0 ? s : s[..dot];
        if (whole.Length is 0 or > 9) return false;
        long seconds = 0;
        foreach (var c in whole)
        {
            var d = (uint)(c - '0');
            if (d > 9) return false;
            seconds = seconds * 10 + d;
        }
        long fraction = 0;
        var scale = 100_000L;
        if (dot >= 0)
        {
            var frac = s[(dot + 1)..];
            if (frac.Length == 0) return false;
            foreach (var c in frac)
            {
                var d = (uint)(c - '0');
                if (d > 9) return false;
                fraction += d * scale;
                scale /= 10;
            }
        }
        micros = seconds * 1_000_000 + fraction;
        return true;
    }

    private static ReadOnlySpan<byte> TrimEol(ReadOnlySpan<byte> line)
        => line.Length > 0 && line[^1] == ByteSets.Cr ? line[..^1] : line;
}
