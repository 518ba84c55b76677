using System.Buffers.Binary;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats.Custom;
using FastLog.Formats.Fields;

namespace FastLog.Formats.W3c;

/// <summary>
/// Parses W3C extended logs (IIS and others; docs/formats.md): the columns of each
/// data line are named by the last <c>#Fields:</c> directive before it.
/// </summary>
/// <remarks>
/// <para>
/// A data line's meaning depends on the header above it, so a w3c input is read as one stream
/// (<see cref="W3cFormat.Reframer"/>) and this parser keeps the current <see cref="W3cFieldMap"/>
/// across the blocks of an input, forgetting it when a new input starts. Directives
/// (<c>#Software:</c>, <c>#Version:</c>, <c>#Date:</c>, <c>#Fields:</c>, any <c>#…</c>) are
/// counted with the blank lines; a <c>#Fields:</c> that cannot be read (no <c>time</c>, over
/// <see cref="W3cFieldMap.MaxFields"/> names) is malformed (<c>bad_header</c>) and leaves no
/// layout, so data lines up to the next good one are malformed (<c>no_fields_header</c>). A data
/// line before any <c>#Fields:</c> (a file cut by rotation, concatenated, or shipped without its
/// comments) is read with IIS's default layout when it has that layout's 15 values (14 for the
/// older set without <c>cs(Referer)</c>), else it is <c>no_fields_header</c>.
/// </para>
/// <para>
/// Values are separated by a space or a tab; <c>-</c> is null. A line with fewer or more values
/// than the header names is <c>missing_fields</c> (IIS never writes a raw space inside a value).
/// IIS writes spaces inside values as <c>+</c>; user agent and referer are decoded
/// (<c>Mozilla/5.0+(Windows+NT+10.0)</c> → <c>Mozilla/5.0 (Windows NT 10.0)</c>, as GoAccess
/// does), other values are kept raw (a <c>+</c> in a query string keeps its form-encoding meaning).
/// Decoding needs bytes that are not in the input, so each batch's block is this parser's own
/// buffer: every record's raw line is copied into it (for <c>Line</c>), the decoded values after it.
/// </para>
/// <para>
/// Mapping: <c>date</c> + <c>time</c> (UTC; without <c>date</c>, the date of the last
/// <c>#Date:</c>) → ts, <c>c-ip</c> → ip, <c>cs-username</c> → user, <c>cs-method</c> → method,
/// <c>cs-uri-stem</c> → path, <c>cs-uri-query</c> → query, <c>cs-version</c> → protocol,
/// <c>sc-status</c> → status (0 when absent), <c>sc-bytes</c> → bytes, <c>cs-bytes</c> →
/// received_bytes, <c>time-taken</c> (ms) → request_time, <c>cs(User-Agent)</c> → ua,
/// <c>cs(Referer)</c> → referer, <c>cs-host</c> → vhost.
/// </para>
/// </remarks>
public sealed class W3cParser : IBlockParser
{
    private readonly LogBatch _batch;
    private readonly ByteRange[] _vhost;
    private readonly long[] _received;
    private readonly int[] _nanoseconds;
    private readonly W3cFieldMap _map = new();
    private byte[] _buffer = []; // sized by the first block (a probe's sample is small)
    private int _used;
    private int _input = -1;
    // No date known: days before 1970 are negative, so absence needs its own value.
    private const long NoDate = long.MinValue;
    private long _directiveDays = NoDate;
    // The last date column read: lines come in time order, so most repeat it.
    private ulong _lastDateHead;
    private ushort _lastDateTail;
    private long _lastDays = NoDate;

    /// <summary>Creates a parser with batches of <paramref name="batchCapacity"/> records.</summary>
    public W3cParser(int batchCapacity = LogBatch.DefaultCapacity)
    {
        _batch = new LogBatch(batchCapacity) { Format = LogFormat.W3c };
        _vhost = _batch.EnsureText(LogField.Vhost);
        _received = _batch.EnsureNumber(LogField.ReceivedBytes);
        _nanoseconds = _batch.EnsureNanoseconds();
    }

    /// <inheritdoc/>
    public long ParseBlock(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer)
    {
        if (origin.InputIndex != _input || origin.FileOffset == 0)
        {
            // A new input: the previous input's header says nothing about this one.
            _map.Reset();
            _directiveDays = NoDate;
            _input = origin.InputIndex;
        }
        // Each record copies its line and at most its line again (decoded agent and referer).
        if (_buffer.Length < 2 * block.Length) _buffer = new byte[2 * block.Length]; // deliberate: grows once per worker, or for a long line
        _used = 0;
        var lines = new Lines(this);
        return LineBlockLoop.Run(ref lines, _batch, block, origin, counters, consumer);
    }

    /// <summary>The block loop's view of a W3C line: directives count as blank, records are copied to the buffer.</summary>
    private readonly struct Lines(W3cParser parser) : ILineParser
    {
        public static bool WalksToLineFeed => false;

        public LineOutcome ParseLine(ReadOnlySpan<byte> block, int lineStart, int contentEnd, ref int lineFeed, long fileOffset,
            ParseCounters counters, out MalformedReason reason)
        {
            var line = block[lineStart..contentEnd];
            reason = MalformedReason.MissingFields;
            return line[0] == (byte)'#' ? (parser.ReadDirective(line) ? LineOutcome.Blank : Malformed(MalformedReason.BadHeader, out reason))
                : parser.LayoutFor(line) is not { } map ? Malformed(MalformedReason.NoFieldsHeader, out reason)
                : parser.ParseData(line, map, out reason) ? LineOutcome.Parsed : LineOutcome.Malformed;
        }

        public ReadOnlySpan<byte> Rows(ReadOnlySpan<byte> block) => parser._buffer.AsSpan(0, parser._used);

        public void BatchConsumed() => parser._used = 0;
    }

    private static LineOutcome Malformed(MalformedReason why, out MalformedReason reason)
    {
        reason = why;
        return LineOutcome.Malformed;
    }

    /// <summary>Reads a <c>#</c> line; false only for a <c>#Fields:</c> that defines no usable layout.</summary>
    private bool ReadDirective(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("#Fields:"u8)) return _map.TryDefine(line[8..]);
        if (line.StartsWith("#Date:"u8))
        {
            var value = line[6..].TrimStart((byte)' ');
            _directiveDays = value.Length >= 10 && IsoDateTime.TryParseDate(value[..10], out var days) ? days : NoDate;
        }
        return true;
    }

    /// <summary>
    /// The layout of <paramref name="line"/>: the last <c>#Fields:</c>, or before any, IIS's default
    /// set with as many values as the line has (null when none has).
    /// </summary>
    private W3cFieldMap? LayoutFor(ReadOnlySpan<byte> line) =>
        _map.IsDefined ? _map : W3cFieldMap.IisDefaultFor(CountValues(line));

    /// <summary>Values of a data line: runs of bytes between spaces or tabs.</summary>
    internal static int CountValues(ReadOnlySpan<byte> line)
    {
        var count = 0;
        var at = 0;
        // Invariant: line[0, at) holds count values; at is at a separator or the next value's start.
        // Only counts of 14 and 15 have a layout, so counting stops past MaxFields.
        while (count <= W3cFieldMap.MaxFields)
        {
            var start = line[at..].IndexOfAnyExcept((byte)' ', (byte)'\t');
            if (start < 0) break;
            at += start;
            count++;
            var sep = line[at..].IndexOfAny((byte)' ', (byte)'\t');
            if (sep < 0) break;
            at += sep;
        }
        return count;
    }

    /// <summary>Parses a data line laid out by <paramref name="map"/> into slot <c>batch.Count</c>, its bytes copied to the buffer at <c>_used</c>; advances <c>_used</c> only on success.</summary>
    private bool ParseData(ReadOnlySpan<byte> line, W3cFieldMap map, out MalformedReason reason)
    {
        var batch = _batch;
        var i = batch.Count;
        var baseOffset = _used;
        line.CopyTo(_buffer.AsSpan(baseOffset));
        var extra = baseOffset + line.Length;
        batch.Line[i] = new ByteRange(baseOffset, line.Length);
        batch.ClearAccessFields(i);
        _vhost[i] = ByteRange.Null;
        _received[i] = LogBatch.NullNumber;
        long days = _directiveDays;
        long seconds = -1;
        var nanoseconds = 0;
        reason = MalformedReason.MissingFields;

        var at = 0;
        // Invariant: values [0, k) have been read from line[0, at); at is the start of value k.
        for (var k = 0; k < map.Count; k++)
        {
            if (at > line.Length) return false; // fewer values than names
            var sep = line[at..].IndexOfAny((byte)' ', (byte)'\t');
            var end = sep < 0 ? line.Length : at + sep;
            var value = line[at..end];
            var range = AccessValues.DashIsNull(line, at, end);
            var shifted = range.IsNull ? range : new ByteRange(baseOffset + at, end - at);
            switch (map[k])
            {
                case W3cColumn.Date:
                    if (!ReadDate(value, out days)) { reason = MalformedReason.BadTime; return false; }
                    break;
                case W3cColumn.Time:
                    if (!IsoDateTime.TryParseTime(value, out seconds)) { reason = MalformedReason.BadTime; return false; }
                    // TryParseTime checked that anything past hh:mm:ss is '.' and digits.
                    nanoseconds = value.Length > 9 ? FractionOfSecond.Nanoseconds(value[9..]) : 0;
                    break;
                case W3cColumn.ClientIp: batch.Ip[i] = range.IsNull ? range : ClientAddress.Of(_buffer, shifted.Offset, shifted.Offset + shifted.Length); break;
                case W3cColumn.Username: batch.User[i] = shifted; break;
                case W3cColumn.Method: batch.Method[i] = shifted; break;
                case W3cColumn.UriStem: batch.Path[i] = shifted; break;
                case W3cColumn.UriQuery: batch.Query[i] = shifted; break;
                case W3cColumn.Version: batch.Protocol[i] = shifted; break;
                case W3cColumn.Host: _vhost[i] = shifted; break;
                case W3cColumn.UserAgent: batch.Agent[i] = Decode(shifted, ref extra); break;
                case W3cColumn.Referer: batch.Referer[i] = Decode(shifted, ref extra); break;
                case W3cColumn.Status:
                    if (!AccessValues.TryStatus(value, out batch.Status[i])) { reason = MalformedReason.BadStatus; return false; }
                    break;
                case W3cColumn.SentBytes:
                    if (!AccessValues.TryCount(value, out batch.Bytes[i])) { reason = MalformedReason.BadSize; return false; }
                    break;
                case W3cColumn.ReceivedBytes:
                    if (!AccessValues.TryCount(value, out var received)) { reason = MalformedReason.BadSize; return false; }
                    _received[i] = received < 0 ? LogBatch.NullNumber : received;
                    break;
                case W3cColumn.TimeTaken:
                    if (!AccessValues.TryDecimalMicros(value, 1000, out batch.RequestTimeMicros[i])) { reason = MalformedReason.BadFieldType; return false; }
                    break;
            }
            at = end + 1;
        }
        // More values than names, unless all that is left is trailing whitespace.
        if (at < line.Length && line[at..].IndexOfAnyExcept((byte)' ', (byte)'\t') >= 0) return false;
        if (days == NoDate || seconds < 0 || !FieldDomain.IsTime(days * 86400 + seconds))
        {
            reason = MalformedReason.BadTime;
            return false;
        }
        batch.UnixSeconds[i] = days * 86400 + seconds;
        _nanoseconds[i] = nanoseconds;
        _used = extra;
        return true;
    }

    private bool ReadDate(ReadOnlySpan<byte> value, out long days)
    {
        if (value.Length == 10)
        {
            var head = BinaryPrimitives.ReadUInt64LittleEndian(value);
            var tail = BinaryPrimitives.ReadUInt16LittleEndian(value[8..]);
            if (_lastDays != NoDate && head == _lastDateHead && tail == _lastDateTail)
            {
                days = _lastDays;
                return true;
            }
            if (!IsoDateTime.TryParseDate(value, out days)) return false;
            (_lastDateHead, _lastDateTail, _lastDays) = (head, tail, days);
            return true;
        }
        days = NoDate;
        return false;
    }

    /// <summary>The value at <paramref name="range"/> of the buffer with <c>+</c> as space: in place when it has none, else copied to <paramref name="extra"/>.</summary>
    private ByteRange Decode(ByteRange range, ref int extra)
    {
        if (range.IsNull) return range;
        var value = _buffer.AsSpan(range.Offset, range.Length);
        if (value.IndexOf((byte)'+') < 0) return range;
        var copy = _buffer.AsSpan(extra, range.Length);
        value.CopyTo(copy);
        copy.Replace((byte)'+', (byte)' ');
        var decoded = new ByteRange(extra, range.Length);
        extra += range.Length;
        return decoded;
    }
}
