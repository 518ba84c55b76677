using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats.Fields;

namespace FastLog.Formats.Custom;

/// <summary>
/// Parses access logs in a user's <c>--log-format</c> by walking a <see cref="CustomPlan"/>.
/// </summary>
/// <remarks>
/// <para>
/// Each literal step must match exactly; each field runs up to its terminator, the next
/// occurrence of the literal that follows it in the format (for a terminator that opens with a
/// <c>"</c>, occurrences whose quote is backslash-escaped, as httpd writes <c>\"</c>, are
/// passed over). <c>%t</c> is fixed width. A field that ends the format runs to the first space
/// (numbers, names) or to the end of the line (<c>%r</c>, headers). Whatever follows the last
/// step is ignored, as admins append fields. Values are kept raw; <c>-</c> is null for text,
/// bytes and times. A literal that does not match, or a terminator that is not found, is
/// <c>missing_fields</c> (<c>unterminated_quote</c> when the field was opened by a quote); bad
/// values are <c>bad_time</c>, <c>bad_status</c>, <c>bad_size</c>, <c>bad_field_type</c>.
/// </para>
/// </remarks>
public sealed class CustomParser : IBlockParser
{
    private readonly CustomStep[] _steps;
    private readonly ByteRange[]? _vhost;
    private readonly long[]? _port;
    private readonly long[]? _received;
    private ClfTimestampField.DayCache _dayCache;
    private readonly int[]? _nanoseconds;

    private readonly bool _serverPortIsPort;

    /// <summary>Creates a parser for <paramref name="plan"/>.</summary>
    public CustomParser(CustomPlan plan, int batchCapacity = LogBatch.DefaultCapacity)
    {
        Batch = new LogBatch(batchCapacity) { Format = LogFormat.Custom };
        _steps = [.. plan.Steps];
        if (plan.Reads(CustomFieldKind.Vhost)) _vhost = Batch.EnsureText(LogField.Vhost);
        if (plan.Reads(CustomFieldKind.ClientPort) || plan.Reads(CustomFieldKind.ServerPort)) _port = Batch.EnsureNumber(LogField.Port);
        // port is the client's when the format logs it, else the server's (%v:%p).
        _serverPortIsPort = !plan.Reads(CustomFieldKind.ClientPort);
        if (plan.Reads(CustomFieldKind.ReceivedBytes)) _received = Batch.EnsureNumber(LogField.ReceivedBytes);
        if (plan.Reads(CustomFieldKind.EpochSeconds) || plan.Reads(CustomFieldKind.EpochMillis) || plan.Reads(CustomFieldKind.EpochMicros))
            _nanoseconds = Batch.EnsureNanoseconds();
    }

    /// <inheritdoc cref="IWholeLineParser.Batch"/>
    private LogBatch Batch { get; }

    /// <inheritdoc/>
    public long ParseBlock(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer)
        => WholeLines<Line>.ParseBlock(new Line(this), block, origin, counters, consumer);

    /// <summary>A line of the custom layout, for the block loop.</summary>
    private readonly struct Line(CustomParser parser) : IWholeLineParser
    {
        public LogBatch Batch => parser.Batch;

        public bool ParseLine(ReadOnlySpan<byte> block, int lineStart, int lineEnd, out MalformedReason reason)
            => parser.ParseLine(block, lineStart, lineEnd, out reason);
    }

    /// <inheritdoc cref="IWholeLineParser.ParseLine"/>
    private bool ParseLine(ReadOnlySpan<byte> block, int lineStart, int lineEnd, out MalformedReason reason)
    {
        var batch = Batch;
        var i = batch.Count;
        batch.ClearAccessFields(i);
        _vhost?[i] = ByteRange.Null;
        _port?[i] = LogBatch.NullNumber;
        _received?[i] = LogBatch.NullNumber;
        _nanoseconds?[i] = 0;
        reason = MalformedReason.MissingFields;
        var at = lineStart;
        var steps = _steps;
        // Invariant: steps [0, s) matched block[lineStart, at); at <= lineEnd.
        for (var s = 0; s < steps.Length; s++)
        {
            var step = steps[s];
            if (step.Kind == CustomFieldKind.Literal)
            {
                if (!block[at..lineEnd].StartsWith(step.Literal)) return false;
                at += step.Literal!.Length;
                continue;
            }
            int end;
            if (step.Kind == CustomFieldKind.Time)
            {
                if (lineEnd - at < ClfTimestampField.Length
                    || !ClfTimestampField.TryParse(block.Slice(at, ClfTimestampField.Length), ref _dayCache, out batch.UnixSeconds[i]))
                {
                    reason = MalformedReason.BadTime;
                    return false;
                }
                at += ClfTimestampField.Length;
                continue;
            }
            if (step.Literal is { } terminator)
            {
                end = FindTerminator(block, at, lineEnd, terminator);
                if (end < 0)
                {
                    if (at > lineStart && block[at - 1] == (byte)'"') reason = MalformedReason.UnterminatedQuote;
                    return false;
                }
            }
            else if (step.Kind is CustomFieldKind.Request or CustomFieldKind.Referer or CustomFieldKind.UserAgent or CustomFieldKind.Skip)
            {
                end = lineEnd;
            }
            else
            {
                var space = block[at..lineEnd].IndexOf((byte)' ');
                end = space < 0 ? lineEnd : at + space;
            }
            if (!Store(block, step.Kind, at, end, i, ref reason)) return false;
            at = end;
        }
        return true;
    }

    /// <summary>
    /// The start of the first occurrence of <paramref name="terminator"/> in <c>[from, lineEnd)</c>
    /// (for one that opens with a quote, the first whose quote is not escaped by an odd run of
    /// backslashes), or -1.
    /// </summary>
    private static int FindTerminator(ReadOnlySpan<byte> block, int from, int lineEnd, byte[] terminator)
    {
        var quoted = terminator[0] == (byte)'"';
        var k = from;
        // Invariant: no acceptable occurrence starts in [from, k).
        while (k <= lineEnd)
        {
            var hit = block[k..lineEnd].IndexOf(terminator);
            if (hit < 0) return -1;
            k += hit;
            if (!quoted || !IsEscaped(block, k, from)) return k;
            k++;
        }
        return -1;
    }

    private static bool IsEscaped(ReadOnlySpan<byte> block, int quote, int floor)
    {
        var k = quote - 1;
        while (k >= floor && block[k] == (byte)'\\') k--;
        return ((quote - 1 - k) & 1) == 1;
    }

    /// <summary>
    /// Unix time in <paramref name="perSecond"/> units (digits), or seconds with a fraction of up
    /// to 9 digits when written with a dot (nginx <c>$msec</c>, whatever the unit named): ts and
    /// its nanoseconds; <c>bad_time</c> outside years 0001–9999 or when not a number.
    /// </summary>
    private bool UnixTime(ReadOnlySpan<byte> value, long perSecond, int i, ref MalformedReason reason)
    {
        reason = MalformedReason.BadTime;
        var dot = value.IndexOf((byte)'.');
        var whole = dot < 0 ? value : value[..dot];
        var fraction = dot < 0 ? default : value[(dot + 1)..];
        if (whole.IsEmpty || whole.Length > 18 || dot >= 0 && fraction.Length is 0 or > 9) return false;
        long units = 0;
        foreach (var d in whole)
        {
            if ((uint)(d - '0') > 9) return false;
            units = units * 10 + (d - '0');
        }
        long nanos = 0;
        foreach (var d in fraction)
        {
            if ((uint)(d - '0') > 9) return false;
            nanos = nanos * 10 + (d - '0');
        }
        for (var k = fraction.Length; k < 9 && dot >= 0; k++) nanos *= 10;
        var seconds = dot >= 0 ? units : units / perSecond;
        if (dot < 0) nanos = units % perSecond * (1_000_000_000 / perSecond);
        if (!FieldDomain.IsTime(seconds)) return false;
        Batch.UnixSeconds[i] = seconds;
        _nanoseconds![i] = (int)nanos;
        return true;
    }

    private bool Store(ReadOnlySpan<byte> block, CustomFieldKind kind, int start, int end, int i, ref MalformedReason reason)
    {
        var batch = Batch;
        var value = block[start..end];
        switch (kind)
        {
            case CustomFieldKind.Ip:
                if (value.IsEmpty) return false;
                batch.Ip[i] = value is [(byte)'-'] ? ByteRange.Null : ClientAddress.Of(block, start, end);
                return true;
            case CustomFieldKind.User:
                if (value.IsEmpty) return false;
                batch.User[i] = AccessValues.DashIsNull(block, start, end);
                return true;
            case CustomFieldKind.Request:
                AccessValues.SplitRequest(block, start, end, batch, i, absoluteTarget: false, out _);
                return true;
            case CustomFieldKind.Status:
                if (value.Length == 1 && value[0] == (byte)'-' || !AccessValues.TryStatus(value, out batch.Status[i]))
                {
                    reason = MalformedReason.BadStatus;
                    return false;
                }
                return true;
            case CustomFieldKind.Bytes:
                if (!AccessValues.TryCount(value, out batch.Bytes[i])) { reason = MalformedReason.BadSize; return false; }
                return true;
            case CustomFieldKind.ReceivedBytes:
                if (!AccessValues.TryCount(value, out var received)) { reason = MalformedReason.BadSize; return false; }
                _received![i] = received < 0 ? LogBatch.NullNumber : received;
                return true;
            case CustomFieldKind.Referer:
                batch.Referer[i] = AccessValues.DashIsNull(block, start, end);
                return true;
            case CustomFieldKind.UserAgent:
                batch.Agent[i] = AccessValues.DashIsNull(block, start, end);
                return true;
            case CustomFieldKind.EpochSeconds:
                return UnixTime(value, 1, i, ref reason);
            case CustomFieldKind.EpochMillis:
                return UnixTime(value, 1000, i, ref reason);
            case CustomFieldKind.EpochMicros:
                return UnixTime(value, 1_000_000, i, ref reason);
            case CustomFieldKind.Micros:
                return Duration(value, 1, ref batch.RequestTimeMicros[i], ref reason);
            case CustomFieldKind.Millis:
                return Duration(value, 1000, ref batch.RequestTimeMicros[i], ref reason);
            case CustomFieldKind.Seconds:
                return Duration(value, 1_000_000, ref batch.RequestTimeMicros[i], ref reason);
            case CustomFieldKind.Vhost:
                _vhost![i] = AccessValues.DashIsNull(block, start, end);
                return true;
            case CustomFieldKind.Path:
                batch.Path[i] = AccessValues.DashIsNull(block, start, end);
                return true;
            case CustomFieldKind.Query:
                // httpd writes "?query" or nothing.
                if (!value.IsEmpty && value[0] == (byte)'?') start++;
                batch.Query[i] = end > start ? new ByteRange(start, end - start) : ByteRange.Null;
                return true;
            case CustomFieldKind.PathQuery:
                var question = value.IndexOf((byte)'?');
                var pathEnd = question < 0 ? end : start + question;
                batch.Path[i] = AccessValues.DashIsNull(block, start, pathEnd);
                batch.Query[i] = question >= 0 && pathEnd + 1 < end ? new ByteRange(pathEnd + 1, end - pathEnd - 1) : ByteRange.Null;
                return true;
            case CustomFieldKind.Method:
                batch.Method[i] = AccessValues.DashIsNull(block, start, end);
                return true;
            case CustomFieldKind.Protocol:
                batch.Protocol[i] = AccessValues.DashIsNull(block, start, end);
                return true;
            case CustomFieldKind.ClientPort:
            case CustomFieldKind.ServerPort:
                if (!AccessValues.TryCount(value, out var port) || port > 65535) { reason = MalformedReason.BadFieldType; return false; }
                if (kind == CustomFieldKind.ClientPort || _serverPortIsPort) _port![i] = port < 0 ? LogBatch.NullNumber : port;
                return true;
            default:
                return true; // Skip
        }
    }

    private static bool Duration(ReadOnlySpan<byte> value, long unitMicros, ref long micros, ref MalformedReason reason)
    {
        if (AccessValues.TryDecimalMicros(value, unitMicros, out micros)) return true;
        reason = MalformedReason.BadFieldType;
        return false;
    }
}
