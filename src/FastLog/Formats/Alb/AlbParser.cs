using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats.Custom;
using FastLog.Formats.W3c;

namespace FastLog.Formats.Alb;

/// <summary>
/// Parses AWS Application Load Balancer access logs (docs/formats.md).
/// </summary>
/// <remarks>
/// <para>Grammar (one line; fields separated by one space):</para>
/// <code>
/// type time elb client[:port] target[:port] request_processing_time target_processing_time
///     response_processing_time elb_status_code target_status_code received_bytes sent_bytes
///     "request" "user_agent" ssl_cipher ssl_protocol target_group_arn "trace_id"
///     ( "domain_name" ( anything )? )? LF
/// </code>
/// <para>
/// The first 18 fields are required (<c>missing_fields</c> otherwise); <c>domain_name</c> and
/// everything AWS appends after it (chosen_cert_arn, …, classification, TID_…) are optional and
/// the rest ignored. A quoted field ends at the first <c>"</c> followed by a space or the end of
/// the line (ALB does not escape quotes inside a user agent). <c>-</c> is null; a processing
/// time of <c>-1</c> (request not dispatched) is null. The client is split into ip and port
/// (<c>[v6]:port</c>, or the last colon of an unbracketed v6 address). The request
/// <c>"METHOD scheme://host:port/path?query PROTO"</c> gives method, path, query, protocol and
/// the host; <c>"- - -"</c> leaves them null. vhost is domain_name (the TLS SNI) when present
/// and not <c>-</c>, else the request URL's host. request_time is the sum of the three
/// processing times when all three are known (the time the load balancer held the request),
/// else null.
/// </para>
/// </remarks>
public sealed class AlbParser : IBlockParser
{
    /// <summary>Fields up to and including trace_id.</summary>
    public const int RequiredFields = 18;

    private readonly ByteRange[] _vhost;
    private readonly ByteRange[] _elb;
    private readonly ByteRange[] _target;
    private readonly ByteRange[] _sslCipher;
    private readonly ByteRange[] _sslProtocol;
    private readonly long[] _port;
    private readonly long[] _targetStatus;
    private readonly long[] _received;
    private readonly long[] _requestProcessing;
    private readonly long[] _targetProcessing;
    private readonly long[] _responseProcessing;
    private readonly int[] _nanoseconds;

    /// <summary>Creates a parser with batches of <paramref name="batchCapacity"/> records.</summary>
    public AlbParser(int batchCapacity = LogBatch.DefaultCapacity)
    {
        Batch = new LogBatch(batchCapacity) { Format = LogFormat.Alb };
        _vhost = Batch.EnsureText(LogField.Vhost);
        _elb = Batch.EnsureText(LogField.Elb);
        _target = Batch.EnsureText(LogField.Target);
        _sslCipher = Batch.EnsureText(LogField.SslCipher);
        _sslProtocol = Batch.EnsureText(LogField.SslProtocol);
        _port = Batch.EnsureNumber(LogField.Port);
        _targetStatus = Batch.EnsureNumber(LogField.TargetStatus);
        _received = Batch.EnsureNumber(LogField.ReceivedBytes);
        _requestProcessing = Batch.EnsureNumber(LogField.RequestProcessingTime);
        _targetProcessing = Batch.EnsureNumber(LogField.TargetProcessingTime);
        _responseProcessing = Batch.EnsureNumber(LogField.ResponseProcessingTime);
        _nanoseconds = Batch.EnsureNanoseconds();
    }

    /// <inheritdoc cref="IWholeLineParser.Batch"/>
    private LogBatch Batch { get; }

    /// <inheritdoc/>
    public long ParseBlock(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer)
        => WholeLines<Line>.ParseBlock(new Line(this), block, origin, counters, consumer);

    /// <summary>An ALB line, for the block loop.</summary>
    private readonly struct Line(AlbParser parser) : IWholeLineParser
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
        var at = lineStart;
        reason = MalformedReason.MissingFields;
        Span<int> starts = stackalloc int[RequiredFields + 1];
        Span<int> ends = stackalloc int[RequiredFields + 1];
        // Invariant: fields [0, f) lie in block[lineStart, at); at is the start of field f, or
        // past lineEnd when the line has no more fields.
        var f = 0;
        for (; f <= RequiredFields && at <= lineEnd; f++)
        {
            var quoted = block[at] == (byte)'"' && at < lineEnd;
            if (quoted)
            {
                var close = ClosingQuote(block, at + 1, lineEnd);
                if (close < 0)
                {
                    reason = MalformedReason.UnterminatedQuote;
                    return false;
                }
                starts[f] = at + 1;
                ends[f] = close;
                at = close + 2;
            }
            else
            {
                var space = block[at..lineEnd].IndexOf((byte)' ');
                var end = space < 0 ? lineEnd : at + space;
                starts[f] = at;
                ends[f] = end;
                at = end + 1;
            }
            if ((f is 12 or 13 or 17 or 18) != quoted)
            {
                // request, user_agent, trace_id and domain_name are quoted, nothing before them is.
                if (f < RequiredFields) return false;
                starts[f] = ends[f] = -1;
            }
        }
        if (f < RequiredFields) return false;
        var hasDomain = f > RequiredFields && starts[RequiredFields] >= 0;

        if (ends[0] == starts[0] || !IsoDateTime.TryParseUtc(block[starts[1]..ends[1]], out batch.UnixSeconds[i], out _nanoseconds[i]))
        {
            reason = MalformedReason.BadTime;
            return false;
        }
        _elb[i] = AccessValues.DashIsNull(block, starts[2], ends[2]);
        if (!SplitClient(block, starts[3], ends[3], batch, i, out _port[i])) return false;
        _target[i] = AccessValues.DashIsNull(block, starts[4], ends[4]);
        if (!TryProcessingTime(block[starts[5]..ends[5]], out _requestProcessing[i])
            || !TryProcessingTime(block[starts[6]..ends[6]], out _targetProcessing[i])
            || !TryProcessingTime(block[starts[7]..ends[7]], out _responseProcessing[i]))
        {
            reason = MalformedReason.BadFieldType;
            return false;
        }
        if (!AccessValues.TryStatus(block[starts[8]..ends[8]], out batch.Status[i]))
        {
            reason = MalformedReason.BadStatus;
            return false;
        }
        if (!AccessValues.TryCount(block[starts[9]..ends[9]], out var targetStatus) || targetStatus > 999)
        {
            reason = MalformedReason.BadStatus;
            return false;
        }
        _targetStatus[i] = targetStatus < 0 ? LogBatch.NullNumber : targetStatus;
        if (!AccessValues.TryCount(block[starts[10]..ends[10]], out var received) || !AccessValues.TryCount(block[starts[11]..ends[11]], out batch.Bytes[i]))
        {
            reason = MalformedReason.BadSize;
            return false;
        }
        _received[i] = received < 0 ? LogBatch.NullNumber : received;
        AccessValues.SplitRequest(block, starts[12], ends[12], batch, i, absoluteTarget: true, out var urlHost);
        batch.Agent[i] = AccessValues.DashIsNull(block, starts[13], ends[13]);
        _sslCipher[i] = AccessValues.DashIsNull(block, starts[14], ends[14]);
        _sslProtocol[i] = AccessValues.DashIsNull(block, starts[15], ends[15]);
        var domain = hasDomain ? AccessValues.DashIsNull(block, starts[RequiredFields], ends[RequiredFields]) : ByteRange.Null;
        _vhost[i] = domain.IsNull ? urlHost : domain;
        batch.User[i] = ByteRange.Null;
        batch.Referer[i] = ByteRange.Null;
        var rpt = _requestProcessing[i];
        var tpt = _targetProcessing[i];
        var spt = _responseProcessing[i];
        batch.RequestTimeMicros[i] = rpt >= 0 && tpt >= 0 && spt >= 0 ? rpt + tpt + spt : -1;
        return true;
    }

    /// <summary>The first <c>"</c> in <c>[from, lineEnd)</c> followed by a space or the line's end, or -1.</summary>
    private static int ClosingQuote(ReadOnlySpan<byte> block, int from, int lineEnd)
    {
        // Invariant: no quote in [from, k) is followed by a space or the line's end.
        var k = from;
        while (k < lineEnd)
        {
            var q = block[k..lineEnd].IndexOf((byte)'"');
            if (q < 0) return -1;
            k += q;
            if (k + 1 == lineEnd || block[k + 1] == (byte)' ') return k;
            k++;
        }
        return -1;
    }

    /// <summary>Client <c>ip:port</c>, <c>[v6]:port</c>, <c>v6:port</c> or a bare address into ip and port.</summary>
    private static bool SplitClient(ReadOnlySpan<byte> block, int start, int end, LogBatch batch, int i, out long port)
    {
        port = LogBatch.NullNumber;
        var value = block[start..end];
        if (value.Length == 0) return false;
        if (value.Length == 1 && value[0] == (byte)'-')
        {
            batch.Ip[i] = ByteRange.Null;
            return true;
        }
        int ipStart = start, ipEnd = end, portStart = -1;
        if (value[0] == (byte)'[')
        {
            var close = value.IndexOf((byte)']');
            if (close < 0) return false;
            ipStart = start + 1;
            ipEnd = start + close;
            if (close + 1 < value.Length)
            {
                if (value[close + 1] != (byte)':') return false;
                portStart = start + close + 2;
            }
        }
        else
        {
            var colon = value.LastIndexOf((byte)':');
            if (colon > 0)
            {
                ipEnd = start + colon;
                portStart = start + colon + 1;
            }
        }
        if (ipEnd <= ipStart) return false;
        batch.Ip[i] = new ByteRange(ipStart, ipEnd - ipStart);
        if (portStart >= 0)
        {
            if (!AccessValues.TryCount(block[portStart..end], out var p) || p is < 0 or > 65535) return false;
            port = p;
        }
        return true;
    }

    /// <summary>Seconds with a fraction into µs; <c>-1</c> (not dispatched) and <c>-</c> are null.</summary>
    private static bool TryProcessingTime(ReadOnlySpan<byte> s, out long micros)
    {
        micros = LogBatch.NullNumber;
        if (s.SequenceEqual("-1"u8) || (s.Length == 1 && s[0] == (byte)'-')) return true;
        if (!AccessValues.TryDecimalMicros(s, 1_000_000, out var value)) return false;
        micros = value;
        return true;
    }
}
